package dev.cortado.core.cluster;

import java.util.List;

/**
 * Everything a cluster runs, observed at one moment, and its core budget.
 *
 * @param instances every instance, any state
 * @param coreBudget the cores instances may use in total (sum of their threads)
 */
public record ClusterStatus(List<InstanceStatus> instances, int coreBudget) {
  public ClusterStatus {
    instances = List.copyOf(instances);
    if (coreBudget < 1) {
      throw new IllegalArgumentException("coreBudget = " + coreBudget + ", must be at least 1");
    }
  }

  public List<InstanceStatus> of(String variant) {
    return instances.stream().filter(i -> i.variant().equals(variant)).toList();
  }

  public long count(String variant, InstanceState state) {
    return instances.stream().filter(i -> i.variant().equals(variant) && i.state() == state).count();
  }

  /** Cores held by instances that are starting or ready. */
  public int coresInUse() {
    return instances.stream().filter(i -> i.state() != InstanceState.STOPPING).mapToInt(i -> i.size().threads()).sum();
  }

  public int coresFree() {
    return Math.max(0, coreBudget - coresInUse());
  }
}
