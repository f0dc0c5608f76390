package dev.cortado.control.batching;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the batcher saw after running one batch; policies learn from it. It carries its own time
 * ({@code at}), so a policy that adapts over time windows (MLProxy's 30 s loop) stays clock-free.
 *
 * @param at when the batch completed
 * @param batchSize items in the batch (the batch dimension the model ran)
 * @param latencyMs the batch's inference time (the model's run)
 * @param predictedLatencyMs what the policy predicted for it ({@link Dispatch.Now#predictedLatencyMs()}),
 *     NaN when it predicted nothing
 * @param timerTriggered whether it went because a timer or deadline ran out ({@link Dispatch.Now#timerTriggered()})
 * @param requestLatenciesMs each request's end-to-end latency, arrival to answer, in batch order
 * @param requestSlosMs each request's SLO (deadline minus arrival), same order
 * @param occupancyMs how long the batch held its instance, dispatch to answer (hand-offs and
 *     waiting included); equals {@code latencyMs} where nothing else is measured
 */
public record BatchOutcome(Instant at, int batchSize, double latencyMs, double predictedLatencyMs, boolean timerTriggered,
    List<Double> requestLatenciesMs, List<Double> requestSlosMs, double occupancyMs) {

  /** An outcome whose instance was held exactly as long as the model ran. */
  public BatchOutcome(Instant at, int batchSize, double latencyMs, double predictedLatencyMs, boolean timerTriggered,
      List<Double> requestLatenciesMs, List<Double> requestSlosMs) {
    this(at, batchSize, latencyMs, predictedLatencyMs, timerTriggered, requestLatenciesMs, requestSlosMs, latencyMs);
  }

  public BatchOutcome {
    Objects.requireNonNull(at, "at");
    requestLatenciesMs = List.copyOf(requestLatenciesMs);
    requestSlosMs = List.copyOf(requestSlosMs);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize = " + batchSize + ", must be at least 1");
    }
    if (!(latencyMs >= 0) || Double.isInfinite(latencyMs)) {
      throw new IllegalArgumentException("latencyMs = " + latencyMs + ", must be finite and >= 0");
    }
    if (predictedLatencyMs < 0 || Double.isInfinite(predictedLatencyMs)) {
      throw new IllegalArgumentException("predictedLatencyMs = " + predictedLatencyMs + ", must be finite and >= 0, or NaN");
    }
    if (!(occupancyMs >= 0) || Double.isInfinite(occupancyMs)) {
      throw new IllegalArgumentException("occupancyMs = " + occupancyMs + ", must be finite and >= 0");
    }
    if (requestLatenciesMs.size() != requestSlosMs.size()) {
      throw new IllegalArgumentException("request latencies (" + requestLatenciesMs.size() + ") and SLOs ("
          + requestSlosMs.size() + ") must pair up");
    }
  }

  /** How many of its requests answered within their SLO. */
  public long withinSlo() {
    long n = 0;
    for (int i = 0; i < requestLatenciesMs.size(); i++) {
      if (requestLatenciesMs.get(i) <= requestSlosMs.get(i)) {
        n++;
      }
    }
    return n;
  }
}
