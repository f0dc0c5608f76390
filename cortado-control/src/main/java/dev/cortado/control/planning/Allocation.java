package dev.cortado.control.planning;

import dev.cortado.core.model.InstanceSize;
import java.util.Objects;

/** {@code instances} instances of {@code variant} at {@code size}. */
public record Allocation(String variant, InstanceSize size, int instances) {
  public Allocation {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(size, "size");
    if (instances < 0) {
      throw new IllegalArgumentException("instances of " + variant + " = " + instances + ", must be >= 0");
    }
  }
}
