package dev.cortado.server.inference;

import dev.cortado.core.tensor.TensorSpec;
import java.util.List;
import java.util.Map;

/** What the protocol's model metadata endpoint reports. */
public record ModelMetadata(
    String name, List<String> versions, String platform, List<TensorSpec> inputs, List<TensorSpec> outputs,
    Map<String, String> properties) {
  public ModelMetadata {
    versions = List.copyOf(versions);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    properties = Map.copyOf(properties);
  }
}
