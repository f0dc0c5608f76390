package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The naive forecast: every future step at the last observed rate. The reference every other model
 * must beat; O(window x leads) per forecast for its upper quantile.
 */
public final class LastValueForecaster implements Forecaster {
  private final Duration residualWindow;
  private final double quantile;

  /**
   * @param residualWindow how far back the errors behind the upper quantile are taken
   * @param quantile the upper quantile, e.g. 0.95
   */
  public LastValueForecaster(Duration residualWindow, double quantile) {
    this.residualWindow = Horizon.positive("residualWindow", residualWindow);
    this.quantile = Horizon.quantile(quantile);
  }

  @Override
  public String name() {
    return "last-value";
  }

  @Override
  public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
    int steps = Horizon.steps(history, now, horizon);
    int window = windowSteps(residualWindow, history.step());
    return of(tail(history, window + Math.min(steps, Residuals.MAX_MEASURED_LEADS)), history, steps, window, quantile);
  }

  /** The naive forecast of {@code y}, shared with forecasters that fall back to it on short histories. */
  static Forecast of(double[] y, RateHistory history, int steps, int window, double quantile) {
    double[] mean = new double[steps];
    Arrays.fill(mean, y[y.length - 1]);
    double[] offsets = Residuals.perLead(y, steps, window, 1, quantile, (origin, lead) -> y[origin - 1]);
    return Forecast.of(history.end(), history.step(), mean, offsets, quantile);
  }

  /** The rates of the last {@code n} steps (all of them if there are fewer). */
  static double[] tail(RateHistory history, int n) {
    return history.rates(Math.max(0, history.size() - Math.max(0, n)), history.size());
  }

  /** A duration as a number of history steps, at least 1. */
  static int windowSteps(Duration window, Duration step) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, window.toNanos() / step.toNanos()));
  }
}
