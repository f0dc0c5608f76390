package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Holt-Winters exponential smoothing: a level, a trend and a seasonal index per phase of the season,
 * additive or multiplicative. The smoothing parameters (alpha, beta, gamma in the usual region {@code
 * 0 <= beta <= alpha <= 1}, {@code gamma <= 1 - alpha}) minimise the one-step squared error on the
 * history: a 12-point grid, then Nelder-Mead from the best of it. They are refitted on a {@link
 * FitSchedule} and memoised with the smoother's state near the end of the fit slice; every forecast
 * then runs the recursions from there to the end of the history (at most the residual window, 60
 * steps and one refit interval) and measures its own errors at each lead over the residual window
 * for the upper quantile (O(residual window x leads)). A history shorter than two seasons runs
 * Holt's linear method (no season); one shorter than three steps, the last value.
 */
public final class HoltWintersForecaster implements Forecaster {
  private static final double[][] GRID = grid();
  private static final int MAX_EVALUATIONS = 120;

  /** How the season combines with the level. */
  public enum Seasonality {
    /** {@code level + trend + season}: the season's swing in requests per second is the same at every level. */
    ADDITIVE,
    /** {@code (level + trend) * season}: the swing grows with the level. */
    MULTIPLICATIVE
  }

  /** The fitted smoothing parameters. */
  record Parameters(double alpha, double beta, double gamma) {}

  /** Fitted parameters, and the smoother they drive, run over the fit slice (never mutated: copy it). */
  private record Fit(Parameters parameters, HoltWintersSmoother smoother) {}

  private final Seasonality seasonality;
  private final Duration season;
  private final FitSchedule schedule;
  private final Duration residualWindow;
  private final double quantile;
  private final FitCache<Fit> fits = new FitCache<>(4);

  /**
   * @param seasonality additive or multiplicative
   * @param season the period, a whole number of history steps
   * @param fitWindow how much of the latest history the parameters are fitted on and the recursions
   *     run over; at least two seasons
   * @param refitEvery how often the parameters are refitted
   * @param residualWindow how far back the errors behind the upper quantile are taken
   * @param quantile the upper quantile, e.g. 0.95
   */
  public HoltWintersForecaster(Seasonality seasonality, Duration season, Duration fitWindow, Duration refitEvery,
      Duration residualWindow, double quantile) {
    this.seasonality = Objects.requireNonNull(seasonality, "seasonality");
    this.season = Horizon.positive("season", season);
    this.schedule = new FitSchedule(refitEvery, fitWindow);
    if (fitWindow.compareTo(season.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("fitWindow = " + fitWindow + ", must hold two seasons of " + season);
    }
    this.residualWindow = Horizon.positive("residualWindow", residualWindow);
    this.quantile = Horizon.quantile(quantile);
  }

  @Override
  public String name() {
    return "holt-winters-" + seasonality.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
    int steps = Horizon.steps(history, now, horizon);
    int m = Horizon.seasonSteps(season, history.step());
    int residualSteps = LastValueForecaster.windowSteps(residualWindow, history.step());
    int available = Math.min(history.size(), LastValueForecaster.windowSteps(schedule.fitWindow(), history.step()));
    int seasonSteps = available >= HoltWintersSmoother.minSteps(m) ? m : 0;
    if (available < HoltWintersSmoother.minSteps(seasonSteps)) {
      double[] tail = LastValueForecaster.tail(history, residualSteps + Math.min(steps, Residuals.MAX_MEASURED_LEADS));
      return LastValueForecaster.of(tail, history, steps, residualSteps, quantile);
    }
    FitSchedule.Slice slice = schedule.slice(history, now, HoltWintersSmoother.minSteps(seasonSteps));
    Fit fit = fits.get(history, slice.from(), slice.to(), values -> fit(values, m, residualSteps));
    HoltWintersSmoother smoother = fit.smoother().copy();
    double[] y = history.rates(slice.from() + smoother.nextStep(), history.size());
    return run(smoother, y, history, steps, residualSteps);
  }

  /**
   * Fits the parameters on {@code y} (with the season of {@code m} steps if {@code y} holds enough
   * of them, else without) and runs the smoother with them up to where a forecast's residual window
   * can start, so each forecast replays only the steps after that instead of the fit window.
   */
  private Fit fit(double[] y, int m, int residualSteps) {
    int seasonSteps = y.length >= HoltWintersSmoother.minSteps(m) ? m : 0;
    HoltWintersSmoother initial =
        new HoltWintersSmoother(y, seasonSteps, seasonality == Seasonality.MULTIPLICATIVE);
    Parameters p = fitParameters(initial, y);
    HoltWintersSmoother s = initial.with(p.alpha(), p.beta(), p.gamma());
    for (int i = s.nextStep(); i < y.length - residualSteps - Residuals.MAX_MEASURED_LEADS; i++) {
      s.observe(y[i]);
    }
    return new Fit(p, s);
  }

  /**
   * The parameters with the least one-step squared error on {@code y}, searched in the usual region
   * of Hyndman et al. ({@code beta <= alpha}, {@code gamma <= 1 - alpha}), where the season cannot
   * swallow what the level should follow: a grid, then Nelder-Mead from its best point.
   */
  static Parameters fitParameters(HoltWintersSmoother initial, double[] y) {
    double[] best = GRID[0];
    double bestSse = Double.POSITIVE_INFINITY;
    for (double[] u : GRID) {
      Parameters p = usual(u);
      double sse = initial.with(p.alpha(), p.beta(), p.gamma()).oneStepSse(y);
      if (sse < bestSse) {
        bestSse = sse;
        best = u;
      }
    }
    double[] u = NelderMead.minimise(u1 -> {
      Parameters p = usual(u1);
      return initial.with(p.alpha(), p.beta(), p.gamma()).oneStepSse(y);
    }, best, new double[] {0.1, 0.1, 0.1}, MAX_EVALUATIONS, 1e-8);
    return usual(u);
  }

  /** Maps the unit cube onto the usual region: alpha, beta as a share of alpha, gamma as a share of 1 - alpha. */
  private static Parameters usual(double[] u) {
    return new Parameters(u[0], u[1] * u[0], u[2] * (1 - u[0]));
  }

  /**
   * Feeds {@code y} (the history's steps from the smoother's next one to the end) to the smoother,
   * recording its errors at each lead over the residual window, and forecasts from the end.
   */
  private Forecast run(HoltWintersSmoother s, double[] y, RateHistory history, int steps, int residualSteps) {
    int leads = Math.min(steps, Residuals.MAX_MEASURED_LEADS);
    int firstTarget = Math.max(0, y.length - residualSteps);
    double[][] errors = new double[leads][Math.max(1, y.length - firstTarget)];
    int[] counts = new int[leads];
    for (int origin = 0; origin < y.length; origin++) {
      for (int lead = Math.max(1, firstTarget - origin + 1); lead <= leads && origin + lead - 1 < y.length; lead++) {
        errors[lead - 1][counts[lead - 1]++] = y[origin + lead - 1] - s.predict(lead);
      }
      s.observe(y[origin]);
    }
    double[] mean = new double[steps];
    double[] offsets = new double[steps];
    double previous = 0;
    for (int i = 0; i < steps; i++) {
      mean[i] = s.predict(i + 1);
      if (i < leads && counts[i] > 0) {
        previous = Math.max(0, Residuals.quantile(errors[i], counts[i], quantile));
      }
      offsets[i] = previous;
    }
    return Forecast.of(history.end(), history.step(), mean, offsets, quantile);
  }

  /** Points of the unit cube that {@link #usual} maps onto the parameters. */
  private static double[][] grid() {
    double[][] grid = new double[12][];
    int i = 0;
    for (double alpha : new double[] {0.2, 0.5, 0.9}) {
      for (double betaShare : new double[] {0.0, 0.1}) {
        for (double gammaShare : new double[] {0.05, 0.5}) {
          grid[i++] = new double[] {alpha, betaShare, gammaShare};
        }
      }
    }
    return grid;
  }
}
