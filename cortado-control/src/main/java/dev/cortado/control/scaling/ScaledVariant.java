package dev.cortado.control.scaling;

import dev.cortado.core.model.InstanceSize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a baseline autoscaler knows of one variant it scales: the size its instances run at, what
 * one instance sustains (its batch, that batch's profiled latency and the throughput at it), and
 * the bounds on how many may run.
 *
 * @param variant the model name
 * @param size the size every instance it asks for has
 * @param capacity one instance's batch, profiled batch latency and throughput at that batch
 * @param minInstances never fewer; 0 lets the policy scale the variant to zero
 * @param maxInstances never more
 */
public record ScaledVariant(String variant, InstanceSize size, InstanceCapacity capacity, int minInstances, int maxInstances) {
  public ScaledVariant {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(capacity, "capacity");
    if (minInstances < 0 || maxInstances < 1 || maxInstances < minInstances) {
      throw new IllegalArgumentException("instances of " + variant + " bounded by [" + minInstances + ", " + maxInstances
          + "]: need 0 <= min <= max and max >= 1");
    }
  }

  /** A variant that keeps at least one instance, as every baseline does by default. */
  public static ScaledVariant atLeastOne(String variant, InstanceSize size, InstanceCapacity capacity, int maxInstances) {
    return new ScaledVariant(variant, size, capacity, 1, maxInstances);
  }

  /** {@code instances} moved into {@code [minInstances, maxInstances]}. */
  public int bounded(int instances) {
    return Math.clamp(instances, minInstances, maxInstances);
  }

  /** The variants keyed by name, in the order given; a name given twice is a mistake. */
  static Map<String, ScaledVariant> byName(List<ScaledVariant> variants) {
    Map<String, ScaledVariant> byName = new LinkedHashMap<>();
    for (ScaledVariant v : variants) {
      if (byName.putIfAbsent(v.variant(), v) != null) {
        throw new IllegalArgumentException("variant " + v.variant() + " is given twice");
      }
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException("a scaling policy needs at least one variant");
    }
    return java.util.Collections.unmodifiableMap(byName);
  }
}
