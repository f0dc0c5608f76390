package dev.cortado.sim.pipeline;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The demand Cortado's autoscaler provisions for, applied to the pipeline's arrivals: the largest of
 * the forecast's upper quantile over the lead (a cold start plus a tick), the rate observed over the
 * last few seconds and the rate observed over the last tick (the reactive path for load the
 * forecast did not see coming: a step in the rate shows in the last tick at once, in the average
 * only over the window), plus the backlog drained within a tick — when capacity started now can
 * still serve it: a queued request waits at most the SLO, so where a cold start takes longer than
 * the SLO the backlog is served by the instances there are or shed before any new one is ready, and
 * provisioning for it only buys idle instances (the arrival rate behind it is counted already). The history is
 * kept per forecast step (a minute), seeded with the trace before the window as a system already
 * running would have it, and the forecast is refreshed each time a step completes.
 */
final class ForecastDemand implements PipelineDemand {
  /** How much history is kept, in steps: three days of minutes. */
  static final int HISTORY_LIMIT = 3 * 24 * 60;

  private final Forecaster forecaster;
  private final double leadSeconds;
  private final boolean backlogOutlivesLead;
  private final Duration reactiveWindow;
  private final Duration step;
  private final ArrayDeque<Double> history = new ArrayDeque<>();
  private Instant stepStart;
  private double stepCount;
  private Forecast forecast;
  private final ArrayDeque<Tick> recent = new ArrayDeque<>();

  private record Tick(Instant end, double seconds, long arrivals) {}

  /**
   * @param past per-step rates ending where the run starts
   * @param leadSeconds how far ahead to provision: the longest cold start plus a tick
   * @param reactiveWindow how far back the observed rate looks
   * @param sloSeconds the longest a queued request waits before it is shed
   */
  ForecastDemand(Forecaster forecaster, RateHistory past, double leadSeconds, Duration reactiveWindow, double sloSeconds) {
    this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
    this.leadSeconds = leadSeconds;
    this.backlogOutlivesLead = sloSeconds > leadSeconds;
    this.reactiveWindow = Objects.requireNonNull(reactiveWindow, "reactiveWindow");
    this.step = past.step();
    for (double r : past.rates()) {
      history.addLast(r);
    }
    trim();
    this.stepStart = past.end();
    refresh(stepStart);
  }

  @Override
  public double leadSeconds() {
    return leadSeconds;
  }

  @Override
  public double rate(Instant now, double tickSeconds, long arrivals, int backlog) {
    observe(now, tickSeconds, arrivals);
    double lastTick = tickSeconds > 0 ? arrivals / tickSeconds : 0;
    double drain = tickSeconds > 0 && backlogOutlivesLead ? backlog / tickSeconds : 0;
    return Math.max(predicted(now), Math.max(observed(), lastTick)) + drain;
  }

  private void observe(Instant now, double tickSeconds, long arrivals) {
    if (tickSeconds > 0) {
      recent.addLast(new Tick(now, tickSeconds, arrivals));
    }
    Instant horizon = now.minus(reactiveWindow);
    while (!recent.isEmpty() && !recent.getFirst().end().isAfter(horizon)) {
      recent.removeFirst();
    }
    stepCount += arrivals;
    boolean closed = false;
    while (!now.isBefore(stepStart.plus(step))) {
      history.addLast(stepCount / (step.toNanos() / 1e9));
      stepCount = 0;
      stepStart = stepStart.plus(step);
      closed = true;
    }
    trim();
    if (closed) {
      refresh(now);
    }
  }

  private void trim() {
    while (history.size() > HISTORY_LIMIT) {
      history.removeFirst();
    }
  }

  private void refresh(Instant now) {
    if (history.isEmpty()) {
      forecast = null;
      return;
    }
    double[] rates = history.stream().mapToDouble(Double::doubleValue).toArray();
    RateHistory h = new RateHistory(stepStart.minus(step.multipliedBy(rates.length)), step, rates);
    Duration horizon = Duration.ofNanos(Math.round(leadSeconds * 1e9)).plus(step);
    try {
      forecast = forecaster.forecast(h, now.isBefore(h.end()) ? h.end() : now, horizon);
    } catch (IllegalArgumentException e) {
      forecast = null; // too little history for this forecaster: the observed rate serves alone
    }
  }

  /**
   * The forecast's upper quantile, highest over the steps starting within the lead; 0 without a
   * forecast. The step under way is left to the observed rates: its forecast was made before it
   * began, from the steps before, and after a fall it would hold capacity for a rate that is gone.
   */
  private double predicted(Instant now) {
    return forecast == null ? 0 : forecast.peakUpperAhead(now, leadSeconds);
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
