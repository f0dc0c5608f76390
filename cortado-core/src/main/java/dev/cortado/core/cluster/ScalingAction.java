package dev.cortado.core.cluster;

import dev.cortado.core.model.InstanceSize;
import java.util.Objects;

/** A change a cluster is asked to make. Decisions produce these as values; clusters apply them. */
public sealed interface ScalingAction {
  /** Start one instance of a variant at a size. */
  record Start(String variant, InstanceSize size, String reason) implements ScalingAction {
    public Start {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Stop an instance once its accepted work is done. */
  record Stop(String instanceId, String reason) implements ScalingAction {
    public Stop {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Replace an instance by one of another size, without dropping requests in flight. */
  record Resize(String instanceId, InstanceSize size, String reason) implements ScalingAction {
    public Resize {
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
