package dev.cortado.sim.scenario;

/**
 * The simulated machine and its limits.
 *
 * @param cores the machine's cores, which busy instances share (contention beyond them)
 * @param coreBudget the most cores instances may hold in total
 * @param instanceThreads the intra-op threads instances start with
 * @param maxInstancesPerVariant the most instances a policy may run of one variant
 * @param queueCapacity the most requests one variant's queue holds
 */
public record ClusterSpec(int cores, int coreBudget, int instanceThreads, int maxInstancesPerVariant, int queueCapacity) {
  public ClusterSpec {
    positive("cores", cores);
    positive("core_budget", coreBudget);
    positive("instance_threads", instanceThreads);
    positive("max_instances_per_variant", maxInstancesPerVariant);
    positive("queue_capacity", queueCapacity);
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new ScenarioException("cluster." + field + " = " + value + ", must be at least 1");
    }
  }
}
