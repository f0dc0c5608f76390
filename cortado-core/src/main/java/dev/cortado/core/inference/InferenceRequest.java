package dev.cortado.core.inference;

import dev.cortado.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One inference request as every transport decodes it: the model (or task) name, an optional
 * version, the caller's id, parameters, input tensors and the outputs asked for (all when empty).
 */
public record InferenceRequest(
    String modelName,
    Optional<String> version,
    Optional<String> id,
    Parameters parameters,
    List<Tensor> inputs,
    List<RequestedOutput> outputs) {

  public InferenceRequest {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parameters, "parameters");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
