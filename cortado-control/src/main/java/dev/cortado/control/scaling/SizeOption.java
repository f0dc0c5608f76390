package dev.cortado.control.scaling;

import dev.cortado.core.model.InstanceSize;
import java.util.Objects;

/**
 * One instance size a variant may run at, from its profile at that size: what one instance
 * sustains, what it costs per second while it lives, and how long it takes to start.
 *
 * @param size the size
 * @param capacity one instance's batch and throughput at that size
 * @param costPerSecond what one instance costs per second, idle or busy
 * @param coldStartSeconds from the start of an instance to its first answer
 */
public record SizeOption(InstanceSize size, InstanceCapacity capacity, double costPerSecond, double coldStartSeconds) {
  public SizeOption {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(capacity, "capacity");
    if (!(costPerSecond >= 0) || !(coldStartSeconds >= 0)) {
      throw new IllegalArgumentException("cost per second " + costPerSecond + " and cold start " + coldStartSeconds
          + " s must be >= 0");
    }
  }

  /** Instances of this size needed for {@code rate} at {@code utilisation}. */
  int instancesFor(double rate, double utilisation) {
    return capacity.instancesFor(rate, utilisation);
  }
}
