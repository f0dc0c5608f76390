package dev.cortado.server.pipeline;

import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one model or task stage of a pipeline as a request of its own, by the per-model path (its
 * routing, validation, queue, batcher and instances), against the pipeline's end-to-end deadline.
 */
@FunctionalInterface
interface StageRunner {
  CompletableFuture<InferenceResponse> run(InferenceRequest request, Instant deadline);
}
