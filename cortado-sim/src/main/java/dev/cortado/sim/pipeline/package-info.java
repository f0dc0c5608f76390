/**
 * Inference pipelines in the simulator: a DAG of stages, each with its own queue, batcher and
 * instances, under one end-to-end SLO, scaled by FA2's planner ({@code fa2}, {@code fa2-oracle}), by
 * Knative's KPA per stage ({@code kpa}) or by an even split of the SLO over the stages
 * ({@code even-split}).
 */
package dev.cortado.sim.pipeline;
