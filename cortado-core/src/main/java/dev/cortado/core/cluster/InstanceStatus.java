package dev.cortado.core.cluster;

import dev.cortado.core.model.InstanceSize;
import java.time.Instant;
import java.util.Objects;

/**
 * One instance as a cluster observes it.
 *
 * @param id unique within the cluster
 * @param variant the model it serves
 * @param size its size
 * @param state its lifecycle state
 * @param outstanding requests accepted and not yet answered
 * @param since when it entered its current state
 */
public record InstanceStatus(String id, String variant, InstanceSize size, InstanceState state, int outstanding, Instant since) {
  public InstanceStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    if (outstanding < 0) {
      throw new IllegalArgumentException("outstanding = " + outstanding + ", must be >= 0");
    }
  }
}
