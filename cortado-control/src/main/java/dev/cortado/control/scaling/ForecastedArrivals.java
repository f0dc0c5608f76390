package dev.cortado.control.scaling;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One arrival stream's history per forecast step (bounded) and its forecast, refreshed when a step
 * completes: what {@link CortadoScaling} keeps per variant, {@link PlannedScaling} per stream of
 * request classes, and the simulator's pipeline autoscalers per pipeline. State follows from the
 * arrivals recorded and their {@code now}s; no clock is read.
 */
public final class ForecastedArrivals {
  private final Forecaster forecaster;
  private final int historyLimit;
  private final Duration step;
  private final Duration horizon;
  private final ArrayDeque<Double> history = new ArrayDeque<>();
  private Instant stepStart;
  private double stepCount;
  private Forecast forecast;

  /**
   * @param past the rates seen before now, per step (may be empty); its step is the forecast's
   * @param forecaster how the next steps are forecast
   * @param historyLimit how many steps of history are kept
   * @param leadSeconds the longest lead a forecast is asked for (a cold start plus a tick)
   */
  public ForecastedArrivals(RateHistory past, Forecaster forecaster, int historyLimit, double leadSeconds) {
    this.forecaster = forecaster;
    this.historyLimit = historyLimit;
    this.step = past.step();
    this.horizon = Duration.ofNanos(Math.round(leadSeconds * 1e9)).plus(step);
    for (double r : past.rates()) {
      history.addLast(r);
    }
    trim();
    this.stepStart = past.end();
  }

  /** Adds the arrivals of the tick that ended at {@code now}; true when a step completed (the forecast was refreshed). */
  public boolean record(Instant now, double arrivals) {
    if (!stepStart.plus(step.multipliedBy(historyLimit)).isAfter(now)) {
      // the history ends longer ago than it may reach back (a live server's empty default): start afresh
      history.clear();
      stepStart = now;
      stepCount = 0;
    }
    if (now.isBefore(stepStart)) {
      // the history given ends in the future (an oracle's): nothing to add
      return false;
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
    if (closed || (forecast == null && !history.isEmpty())) {
      refresh(now);
    }
    return closed;
  }

  private void trim() {
    while (history.size() > historyLimit) {
      history.removeFirst();
    }
  }

  private void refresh(Instant now) {
    if (history.isEmpty()) {
      return;
    }
    double[] rates = history.stream().mapToDouble(Double::doubleValue).toArray();
    RateHistory h = new RateHistory(stepStart.minus(step.multipliedBy(rates.length)), step, rates);
    try {
      forecast = forecaster.forecast(h, now.isBefore(h.end()) ? h.end() : now, horizon);
    } catch (IllegalArgumentException e) {
      forecast = null; // too little history for this forecaster yet: the reactive path serves alone
    }
  }

  /** The forecast's upper quantile over {@code [now, now + lead]}; 0 without a forecast. */
  public double upper(Instant now, double leadSeconds) {
    return forecast == null ? 0 : forecast.peakUpperOver(now, leadSeconds);
  }

  /** The forecast's upper quantile over the steps that start within the lead ({@link Forecast#peakUpperAhead}); 0 without one. */
  public double upperAhead(Instant now, double leadSeconds) {
    return forecast == null ? 0 : forecast.peakUpperAhead(now, leadSeconds);
  }
}
