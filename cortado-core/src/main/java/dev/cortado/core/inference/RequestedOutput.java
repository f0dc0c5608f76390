package dev.cortado.core.inference;

import java.util.Objects;

/** An output the caller asked for by name, with its parameters (e.g. {@code binary_data}). */
public record RequestedOutput(String name, Parameters parameters) {
  public RequestedOutput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
  }

  public static RequestedOutput named(String name) {
    return new RequestedOutput(name, Parameters.empty());
  }
}
