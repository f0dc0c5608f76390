package dev.cortado.sim.pipeline;

import java.util.List;

/**
 * One policy's run of a pipeline scenario. Wall-clock figures are the only ones that differ
 * between two runs of the same scenario and seed.
 *
 * @param policy the policy's label
 * @param requests requests that entered the pipeline in the window
 * @param completed requests that left every sink
 * @param withinSlo completed within the end-to-end SLO
 * @param failed refused or shed by a stage
 * @param unfinished still in the pipeline when the run ended
 * @param p50Ms median end-to-end latency of the completed requests
 * @param p99Ms 99th percentile of the same
 * @param meanMs their mean, exact
 * @param maxMs the slowest of them, exact
 * @param coreSeconds cores held × seconds, cold starts included
 * @param meanCores core-seconds over the simulated time
 * @param costUsd cost of the instances in the cost model's currency
 * @param coldStarts instances started
 * @param scalingRefusals decisions the cluster refused in part (the core budget)
 * @param simulatedSeconds the window and the drain
 * @param wallSeconds wall time of the run
 * @param stages per stage
 */
public record PipelineResult(String policy, long requests, long completed, long withinSlo, long failed, long unfinished,
    double p50Ms, double p99Ms, double meanMs, double maxMs, double coreSeconds, double meanCores, double costUsd, long coldStarts, long scalingRefusals,
    double simulatedSeconds, double wallSeconds, List<StageResult> stages) {

  public PipelineResult {
    stages = List.copyOf(stages);
  }

  /** Requests not answered within the SLO (late, refused, shed or unfinished). */
  public long violations() {
    return requests - withinSlo;
  }

  /** {@link #violations()} over requests, in per cent; NaN with no requests. */
  public double violationPercent() {
    return requests == 0 ? Double.NaN : 100.0 * violations() / requests;
  }

  /**
   * One stage's share.
   *
   * @param stage the stage's name
   * @param coreSeconds its instances' cores × seconds
   * @param meanInstances its instance-seconds over the simulated time
   * @param coldStarts its instances started
   * @param model the model serving it at the end
   * @param batchCap its batch cap at the end
   */
  public record StageResult(String stage, double coreSeconds, double meanInstances, long coldStarts, String model,
      int batchCap) {}
}
