package dev.cortado.server.pipeline;

import dev.cortado.core.model.ModelSignature;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline that passed {@link PipelineValidator}: its stages in an order where each comes after
 * those it reads from, and the signature it is served under.
 *
 * @param name the repository entry's name, which requests use as the model name
 * @param spec the config it came from
 * @param signature its inputs (as declared) and outputs (as the stages make them)
 * @param order the stages, each after its upstream stages
 * @param maxBatchSize the largest batch a request may carry (0: no batch dimension)
 */
record Pipeline(String name, PipelineSpec spec, ModelSignature signature, List<StageSpec> order, int maxBatchSize) {
  Pipeline {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(signature, "signature");
    order = List.copyOf(order);
  }
}
