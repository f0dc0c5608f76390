package dev.cortado.core.inference;

import dev.cortado.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The answer to an {@link InferenceRequest}: the model and version that ran, and the outputs. */
public record InferenceResponse(
    String modelName,
    String modelVersion,
    Optional<String> id,
    Parameters parameters,
    List<Tensor> outputs) {

  public InferenceResponse {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parameters, "parameters");
    outputs = List.copyOf(outputs);
  }
}
