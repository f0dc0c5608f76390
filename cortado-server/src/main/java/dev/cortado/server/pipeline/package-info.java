/**
 * Inference pipelines: a model-repository entry whose config lists stages (models, tasks, built-in
 * processing steps) and the edges between them, served as one model, each stage through its own
 * model's queue, batcher and instances.
 */
package dev.cortado.server.pipeline;
