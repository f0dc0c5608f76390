package dev.cortado.sim.run;

import java.util.List;

/**
 * The summary of one policy's run of a scenario. Wall-clock figures are the only ones that differ
 * between two runs of the same scenario and seed.
 *
 * @param policy the policy's label
 * @param requests arrivals in the window
 * @param answered requests answered
 * @param rejected refused at admission, shed, or infeasible
 * @param unfinished still queued or running when the run ended
 * @param sloAttainment answered within SLO over requests
 * @param p50Ms median latency of the answers
 * @param p99Ms 99th percentile of the answers
 * @param meanAccuracy mean accuracy of the variants that answered
 * @param costUsd cost of the instances, in the cost model's currency
 * @param coreSeconds cores held × seconds
 * @param instanceSeconds instances × seconds
 * @param meanInstances instance-seconds over the simulated duration
 * @param coldStarts instances started (each a cold start)
 * @param scalingRefusals actions the cluster refused (core budget)
 * @param simulatedSeconds simulated time, window and drain
 * @param wallSeconds wall time of the run
 * @param simulatedRequestsPerWallSecond requests over wall seconds
 * @param classes the same figures per request class
 */
public record PolicyResult(String policy, long requests, long answered, long rejected, long unfinished, double sloAttainment,
    double p50Ms, double p99Ms, double meanAccuracy, double costUsd, double coreSeconds, double instanceSeconds,
    double meanInstances, long coldStarts, long scalingRefusals, double simulatedSeconds, double wallSeconds,
    double simulatedRequestsPerWallSecond, List<ClassResult> classes) {

  public PolicyResult {
    classes = List.copyOf(classes);
  }

  /** SLO violations: requests not answered within their SLO. */
  public long violations() {
    return Math.round(requests * (1 - sloAttainment));
  }

  /** One request class's figures. */
  public record ClassResult(String name, long requests, long answered, long rejected, double sloAttainment, double p50Ms,
      double p99Ms, double meanAccuracy) {}
}
