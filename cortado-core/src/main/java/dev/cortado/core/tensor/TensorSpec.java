package dev.cortado.core.tensor;

import java.util.Objects;

/** A model's declared input or output: name, datatype and shape ({@code -1} where variable). */
public record TensorSpec(String name, Datatype datatype, Shape shape) {
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(datatype, "datatype");
    Objects.requireNonNull(shape, "shape");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tensor name must not be blank");
    }
  }

  @Override
  public String toString() {
    return name + " (" + datatype + " " + shape + ")";
  }
}
