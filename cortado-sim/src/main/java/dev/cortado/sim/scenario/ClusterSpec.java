package dev.cortado.sim.scenario;

import dev.cortado.sim.engine.RequestOverheads;
import java.time.Duration;
import java.util.Objects;

/**
 * The simulated machine and its limits.
 *
 * @param cores the machine's cores, which busy instances share (contention beyond them)
 * @param coreBudget the most cores instances may hold in total
 * @param instanceThreads the intra-op threads instances start with
 * @param maxInstancesPerVariant the most instances a policy may run of one variant
 * @param queueCapacity the most requests one variant's queue holds
 * @param startOverhead added to every profiled cold start: starting a process or container, beyond
 *     loading the session (0 for instances inside a running server)
 * @param requestOverhead the measured time a request spends outside queue and model (transport,
 *     hand-offs, the client) at each measured load, added to each answer's latency as the client
 *     sees it; {@link RequestOverheads#NONE} for none
 */
public record ClusterSpec(int cores, int coreBudget, int instanceThreads, int maxInstancesPerVariant, int queueCapacity,
    Duration startOverhead, RequestOverheads requestOverhead) {
  public ClusterSpec {
    Objects.requireNonNull(requestOverhead, "requestOverhead");
    if (startOverhead.isNegative()) {
      throw new ScenarioException("cluster.start_overhead = " + startOverhead + ", must be >= 0");
    }
    positive("cores", cores);
    positive("core_budget", coreBudget);
    positive("instance_threads", instanceThreads);
    positive("max_instances_per_variant", maxInstancesPerVariant);
    positive("queue_capacity", queueCapacity);
  }

  /** A machine whose requests take no time outside queue and model. */
  public ClusterSpec(int cores, int coreBudget, int instanceThreads, int maxInstancesPerVariant, int queueCapacity,
      Duration startOverhead) {
    this(cores, coreBudget, instanceThreads, maxInstancesPerVariant, queueCapacity, startOverhead, RequestOverheads.NONE);
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new ScenarioException("cluster." + field + " = " + value + ", must be at least 1");
    }
  }
}
