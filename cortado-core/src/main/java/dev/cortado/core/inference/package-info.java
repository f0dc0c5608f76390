/** Inference requests and responses as the transports decode and encode them. */
package dev.cortado.core.inference;
