package dev.cortado.sim.engine;

import java.util.Objects;

/**
 * What a simulated variant did up to a time: what became of its requests, their latencies, its
 * batches and how busy its instances were.
 *
 * @param policy the batch policy's name
 * @param simulatedNanos how long the simulation ran
 * @param instances instances serving the variant
 * @param threadsPerInstance cores each instance computes with (the profile's instance size)
 * @param requests what became of the requests
 * @param latency end-to-end latency, arrival to answer, of the answered requests
 * @param batches batches completed
 * @param batchedItems items in the completed batches
 * @param busyNanos instance time spent on batches, summed over instances (running ones up to the end)
 */
public record SimulationResult(String policy, long simulatedNanos, int instances, int threadsPerInstance, Requests requests,
    Latency latency, long batches, long batchedItems, long busyNanos) {

  /**
   * @param arrived requests that arrived
   * @param admitted requests queued
   * @param rejected requests refused at admission (queue full, or the policy's rejection)
   * @param shed requests removed from the queue because they could no longer be served in time
   * @param answered requests whose batch completed
   * @param withinSlo answered requests whose latency was within their SLO
   */
  public record Requests(long arrived, long admitted, long rejected, long shed, long answered, long withinSlo) {
    public Requests {
      if (arrived < 0 || admitted < 0 || rejected < 0 || shed < 0 || answered < 0 || withinSlo < 0) {
        throw new IllegalArgumentException("request counts must be >= 0: " + arrived + ", " + admitted + ", " + rejected
            + ", " + shed + ", " + answered + ", " + withinSlo);
      }
      if (admitted + rejected != arrived || shed + answered > admitted || withinSlo > answered) {
        throw new IllegalArgumentException("inconsistent request counts: arrived " + arrived + ", admitted " + admitted
            + ", rejected " + rejected + ", shed " + shed + ", answered " + answered + ", within SLO " + withinSlo);
      }
    }

    /** Admitted and neither shed nor answered yet: queued or in a running batch at the end. */
    public long unfinished() {
      return admitted - shed - answered;
    }

    /** Answered within SLO over arrived; NaN when none arrived. */
    public double attainment() {
      return arrived == 0 ? Double.NaN : (double) withinSlo / arrived;
    }
  }

  /** Latency quantiles in milliseconds; NaN when nothing was answered. */
  public record Latency(double p50Ms, double p95Ms, double p99Ms, double meanMs, double maxMs) {
    static Latency of(LatencyHistogram h) {
      return new Latency(h.quantile(0.50) / 1e6, h.quantile(0.95) / 1e6, h.quantile(0.99) / 1e6, h.mean() / 1e6,
          h.max() / 1e6);
    }
  }

  public SimulationResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(latency, "latency");
    if (simulatedNanos < 0 || instances < 1 || threadsPerInstance < 1 || batches < 0 || batchedItems < batches
        || busyNanos < 0) {
      throw new IllegalArgumentException("bad simulation figures: " + simulatedNanos + " ns, " + instances + " instances x "
          + threadsPerInstance + " threads, " + batches + " batches of " + batchedItems + " items, busy " + busyNanos + " ns");
    }
  }

  /** Items per completed batch; NaN when none completed. */
  public double meanBatchSize() {
    return batches == 0 ? Double.NaN : (double) batchedItems / batches;
  }

  /** Busy instance time over provisioned instance time; NaN for an empty run. */
  public double utilisation() {
    return simulatedNanos == 0 ? Double.NaN : busyNanos / ((double) simulatedNanos * instances);
  }

  /** Core-seconds spent computing batches. */
  public double busyCoreSeconds() {
    return busyNanos / 1e9 * threadsPerInstance;
  }

  /** Core-seconds provisioned: every instance's cores for the whole run. */
  public double provisionedCoreSeconds() {
    return simulatedNanos / 1e9 * instances * threadsPerInstance;
  }
}
