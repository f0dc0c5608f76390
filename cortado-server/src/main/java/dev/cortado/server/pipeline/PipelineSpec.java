package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.repository.ModelConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pipeline's {@code config.yaml} as written: its inputs, its stages, its outputs and its
 * end-to-end SLO. Not yet checked against the models it names; {@link PipelineValidator} does that.
 *
 * @param description free text
 * @param sloMs the end-to-end latency objective of a request that states none
 * @param maxBatchSize the largest batch a request may carry; empty: the smallest its model stages take
 * @param accuracy the pipeline's measured accuracy and where it was measured
 * @param inputs what a request sends
 * @param stages in config order
 * @param outputs what a response holds, each from a stage's output or a pipeline input
 */
record PipelineSpec(Optional<String> description, double sloMs, OptionalInt maxBatchSize, Optional<ModelConfig.Accuracy> accuracy,
    List<TensorSpec> inputs, List<StageSpec> stages, List<Output> outputs) {

  /** The SLO of a pipeline whose config states none, as for a model's batching ({@code default-slo-ms}). */
  static final double DEFAULT_SLO_MS = 1000;

  PipelineSpec {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(maxBatchSize, "maxBatchSize");
    Objects.requireNonNull(accuracy, "accuracy");
    inputs = List.copyOf(inputs);
    stages = List.copyOf(stages);
    outputs = List.copyOf(outputs);
    if (!(sloMs > 0) || !Double.isFinite(sloMs)) {
      throw new IllegalArgumentException("slo-ms = " + sloMs + ", must be a positive number");
    }
  }

  /** A pipeline output: its name in the response and where it comes from. */
  record Output(String name, TensorRef from) {
    Output {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(from, "from");
    }
  }
}
