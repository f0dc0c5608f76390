package dev.cortado.core.cluster;

import java.util.List;

/**
 * Where instances run: this process ({@code LocalCluster}), Kubernetes, or a simulation. The
 * control loop reads {@link #status()} and asks for changes with {@link #apply}; a cluster refuses
 * what would exceed its core budget.
 */
public interface Cluster {
  ClusterStatus status();

  /**
   * Asks for the actions, in order. Starting is asynchronous: a started instance shows as
   * STARTING until its cold start ends.
   *
   * @throws dev.cortado.core.error.CortadoException RESOURCE_EXHAUSTED when a start would exceed
   *     the core budget, NOT_FOUND for an unknown instance or variant
   */
  void apply(List<ScalingAction> actions);
}
