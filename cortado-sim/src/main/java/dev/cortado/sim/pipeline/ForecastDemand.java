package dev.cortado.sim.pipeline;

import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.scaling.ForecastedArrivals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The demand Cortado's autoscaler provisions for, applied to the pipeline's arrivals: the largest of
 * the forecast's upper quantile for the steps that start within the lead (a cold start plus a tick), the rate observed over the
 * last few seconds and the rate observed over the last tick (the reactive path for load the
 * forecast did not see coming: a step in the rate shows in the last tick at once, in the average
 * only over the window), plus the backlog drained within a tick — when capacity started now can
 * still serve it: a queued request waits at most the SLO, so where a cold start takes longer than
 * the SLO the backlog is served by the instances there are or shed before any new one is ready, and
 * provisioning for it only buys idle instances (the arrival rate behind it is counted already). The
 * history and forecast are {@link ForecastedArrivals}, as Cortado's autoscaler keeps them: per step (a
 * minute), seeded with the trace before the window as a system already running would have it, the
 * forecast refreshed each time a step completes.
 */
final class ForecastDemand implements PipelineDemand {
  /** How much history is kept, in steps: three days of minutes. */
  static final int HISTORY_LIMIT = 3 * 24 * 60;

  private final ForecastedArrivals arrivals;
  private final double leadSeconds;
  private final boolean backlogOutlivesLead;
  private final Duration reactiveWindow;
  private final ArrayDeque<Tick> recent = new ArrayDeque<>();

  private record Tick(Instant end, double seconds, long arrivals) {}

  /**
   * @param past per-step rates ending where the run starts
   * @param leadSeconds how far ahead to provision: the longest cold start plus a tick
   * @param reactiveWindow how far back the observed rate looks
   * @param sloSeconds the longest a queued request waits before it is shed
   */
  ForecastDemand(Forecaster forecaster, RateHistory past, double leadSeconds, Duration reactiveWindow, double sloSeconds) {
    this.arrivals = new ForecastedArrivals(past, Objects.requireNonNull(forecaster, "forecaster"), HISTORY_LIMIT, leadSeconds);
    this.leadSeconds = leadSeconds;
    this.backlogOutlivesLead = sloSeconds > leadSeconds;
    this.reactiveWindow = Objects.requireNonNull(reactiveWindow, "reactiveWindow");
    this.arrivals.record(past.end(), 0); // the first forecast, from where the history ends
  }

  @Override
  public double leadSeconds() {
    return leadSeconds;
  }

  @Override
  public double rate(Instant now, double tickSeconds, long count, int backlog) {
    observe(now, tickSeconds, count);
    double lastTick = tickSeconds > 0 ? count / tickSeconds : 0;
    double drain = tickSeconds > 0 && backlogOutlivesLead ? backlog / tickSeconds : 0;
    return Math.max(predicted(now), Math.max(observed(), lastTick)) + drain;
  }

  private void observe(Instant now, double tickSeconds, long count) {
    if (tickSeconds > 0) {
      recent.addLast(new Tick(now, tickSeconds, count));
    }
    Instant horizon = now.minus(reactiveWindow);
    while (!recent.isEmpty() && !recent.getFirst().end().isAfter(horizon)) {
      recent.removeFirst();
    }
    arrivals.record(now, count);
  }

  /**
   * The forecast's upper quantile, highest over the steps starting within the lead; 0 without a
   * forecast. The step under way is left to the observed rates: its forecast was made before it
   * began, from the steps before, and after a fall it would hold capacity for a rate that is gone.
   */
  private double predicted(Instant now) {
    return arrivals.upperAhead(now, leadSeconds);
  }

  /** Arrivals over the reactive window, per second; 0 before the first tick. */
  private double observed() {
    double seconds = 0;
    double arrivals = 0;
    for (Tick t : recent) {
      seconds += t.seconds();
      arrivals += t.arrivals();
    }
    return seconds > 0 ? arrivals / seconds : 0;
  }
}
