package dev.cortado.core.model;

import dev.cortado.core.tensor.Tensor;
import java.util.List;

/**
 * What one run of a {@link LoadedModel} produced, and where its time went: preparing the inputs,
 * running the model, and reading the outputs back (Triton's compute_input, compute_infer and
 * compute_output).
 */
public record RunResult(List<Tensor> outputs, long inputNanos, long inferNanos, long outputNanos) {
  public RunResult {
    outputs = List.copyOf(outputs);
  }

  public long totalNanos() {
    return inputNanos + inferNanos + outputNanos;
  }
}
