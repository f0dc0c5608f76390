package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Every future step at the rate observed one season (say a day) earlier. Reproduces a purely
 * periodic load exactly; until the history holds a whole season it falls back to the last value.
 * O(window x leads) per forecast for its upper quantile.
 */
public final class SeasonalNaiveForecaster implements Forecaster {
  private final Duration season;
  private final Duration residualWindow;
  private final double quantile;

  /**
   * @param season the period, a whole number of history steps (a day of minutes: {@code
   *     Duration.ofDays(1)})
   * @param residualWindow how far back the errors behind the upper quantile are taken
   * @param quantile the upper quantile, e.g. 0.95
   */
  public SeasonalNaiveForecaster(Duration season, Duration residualWindow, double quantile) {
    this.season = Horizon.positive("season", season);
    this.residualWindow = Horizon.positive("residualWindow", residualWindow);
    this.quantile = Horizon.quantile(quantile);
  }

  @Override
  public String name() {
    return "seasonal-naive";
  }

  @Override
  public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
    int steps = Horizon.steps(history, now, horizon);
    int m = Horizon.seasonSteps(season, history.step());
    int window = LastValueForecaster.windowSteps(residualWindow, history.step());
    int leads = Math.min(steps, Residuals.MAX_MEASURED_LEADS);
    double[] y = LastValueForecaster.tail(history, window + leads + m * ((leads + m - 1) / m));
    if (y.length < m) {
      return LastValueForecaster.of(y, history, steps, window, quantile);
    }
    double[] mean = new double[steps];
    for (int i = 0; i < steps; i++) {
      mean[i] = y[seasonAgo(y.length, i + 1, m)];
    }
    double[] offsets =
        Residuals.perLead(y, steps, window, m, quantile, (origin, lead) -> y[seasonAgo(origin, lead, m)]);
    return Forecast.of(history.end(), history.step(), mean, offsets, quantile);
  }

  /** The index of the step whole seasons before step {@code origin + lead - 1}, and before {@code origin}. */
  private static int seasonAgo(int origin, int lead, int m) {
    int seasonsBack = (lead + m - 1) / m;
    return origin + lead - 1 - seasonsBack * m;
  }
}
