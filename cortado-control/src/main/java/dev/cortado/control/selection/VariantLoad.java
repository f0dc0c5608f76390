package dev.cortado.control.selection;

import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The load one variant carries now.
 *
 * @param variant the model name
 * @param readyInstances instances that take requests
 * @param startingInstances instances still loading (a cold start under way)
 * @param outstandingRequests requests accepted for the variant and not yet answered
 */
public record VariantLoad(String variant, int readyInstances, int startingInstances, int outstandingRequests) {
  public VariantLoad {
    Objects.requireNonNull(variant, "variant");
    if (readyInstances < 0 || startingInstances < 0 || outstandingRequests < 0) {
      throw new IllegalArgumentException("load of " + variant + ": " + readyInstances + " ready, " + startingInstances
          + " starting, " + outstandingRequests + " outstanding; each must be >= 0");
    }
  }

  /** No instance and no request: what a variant that is not running carries. */
  public static VariantLoad idle(String variant) {
    return new VariantLoad(variant, 0, 0, 0);
  }

  /**
   * The load of every variant a cluster runs: its READY and STARTING instances, and the requests
   * outstanding on them (STOPPING instances take no new work and are left out).
   */
  public static Map<String, VariantLoad> of(ClusterStatus status) {
    Map<String, VariantLoad> loads = new TreeMap<>();
    for (InstanceStatus i : status.instances()) {
      if (i.state() == InstanceState.STOPPING) {
        continue;
      }
      VariantLoad was = loads.getOrDefault(i.variant(), idle(i.variant()));
      boolean ready = i.state() == InstanceState.READY;
      loads.put(i.variant(), new VariantLoad(i.variant(),
          was.readyInstances + (ready ? 1 : 0),
          was.startingInstances + (ready ? 0 : 1),
          was.outstandingRequests + i.outstanding()));
    }
    return Map.copyOf(loads);
  }
}
