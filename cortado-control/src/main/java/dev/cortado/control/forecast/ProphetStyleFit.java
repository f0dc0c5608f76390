package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * One fit of the Prophet-style additive model {@code y(t) = trend(t) + daily(t) + weekly(t)}: a
 * piecewise-linear trend with changepoints evenly spread over the first 80% of the data, and Fourier
 * series of the day and the week (the week only from two weeks of data, the day from two days). Fitted
 * by ridge-regularised least squares on rates scaled to [0, 1]: changepoint slopes carry the penalty
 * that keeps the trend from chasing noise, everything else a negligible one for numerical safety.
 * Long histories are fitted on the means of consecutive groups of steps (at most 6,000 groups, each
 * weighted by its size): the model's fastest component, the 10th daily harmonic, spans 144 minutes,
 * so averaging a few minutes changes the fit by little and its cost by the group size.
 */
final class ProphetStyleFit {
  private static final double DAY_SECONDS = 86_400;
  private static final double WEEK_SECONDS = 7 * DAY_SECONDS;
  private static final double NUMERICAL_RIDGE = 1e-6;
  private static final int MAX_ROWS = 6_000;

  private final double originSeconds;
  private final double spanSeconds;
  private final double scale;
  private final double[] changepoints;
  private final int dailyOrder;
  private final int weeklyOrder;
  private final double[] coefficients;
  private final double errorAutocorrelation;

  private ProphetStyleFit(double originSeconds, double spanSeconds, double scale, double[] changepoints,
      int dailyOrder, int weeklyOrder, double[] coefficients, double errorAutocorrelation) {
    this.originSeconds = originSeconds;
    this.spanSeconds = spanSeconds;
    this.scale = scale;
    this.changepoints = changepoints;
    this.dailyOrder = dailyOrder;
    this.weeklyOrder = weeklyOrder;
    this.coefficients = coefficients;
    this.errorAutocorrelation = errorAutocorrelation;
  }

  /** Fits {@code y}, the rates of consecutive steps from {@code start}; needs at least two steps. */
  static ProphetStyleFit fit(Instant start, Duration step, double[] y, ProphetStyleForecaster.Settings settings) {
    int n = y.length;
    double stepSeconds = RateHistory.seconds(step);
    double span = Math.max(stepSeconds, (n - 1) * stepSeconds);
    double max = 0;
    for (double v : y) {
      max = Math.max(max, v);
    }
    double scale = max > 0 ? max : 1;
    int count = Math.min(settings.changepoints(), n / 10);
    double[] changepoints = new double[count];
    for (int j = 0; j < count; j++) {
      changepoints[j] = 0.8 * (j + 1) / (count + 1);
    }
    int daily = n * stepSeconds >= 2 * DAY_SECONDS ? settings.dailyOrder() : 0;
    int weekly = n * stepSeconds >= 2 * WEEK_SECONDS ? settings.weeklyOrder() : 0;
    ProphetStyleFit shape = new ProphetStyleFit(seconds(start), span, scale, changepoints, daily, weekly, null, 0);
    int p = shape.features();
    RidgeRegression regression = new RidgeRegression(p);
    double[] x = new double[p];
    int group = (n + MAX_ROWS - 1) / MAX_ROWS;
    for (int from = 0; from < n; from += group) {
      int to = Math.min(n, from + group);
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += y[i];
      }
      shape.features(shape.originSeconds + stepSeconds * (from + to - 1) / 2.0, x);
      regression.add(x, sum / (to - from) / scale, to - from);
    }
    double[] penalty = new double[p];
    for (int i = 0; i < p; i++) {
      boolean changepoint = i >= 2 && i < 2 + count;
      penalty[i] = n * (changepoint ? settings.changepointPenalty() : NUMERICAL_RIDGE);
    }
    double[] coefficients = regression.solve(penalty);
    ProphetStyleFit curve =
        new ProphetStyleFit(shape.originSeconds, span, scale, changepoints, daily, weekly, coefficients, 0);
    return new ProphetStyleFit(shape.originSeconds, span, scale, changepoints, daily, weekly, coefficients,
        curve.lagOneAutocorrelation(start, step, y));
  }

  /**
   * The lag-one autocorrelation of the fit's errors on the data it was fitted on, in [0, 0.999]: how
   * much of the latest error is left one step later (a model of AR(1) errors, for {@link
   * ProphetStyleForecaster.Settings#errorCorrection()}).
   */
  double errorAutocorrelation() {
    return errorAutocorrelation;
  }

  private double lagOneAutocorrelation(Instant start, Duration step, double[] y) {
    double[] fitted = predict(start, step, y.length);
    double previous = y[0] - fitted[0];
    double lagged = 0;
    double squares = previous * previous;
    for (int i = 1; i < y.length; i++) {
      double error = y[i] - fitted[i];
      lagged += error * previous;
      squares += error * error;
      previous = error;
    }
    return squares > 0 ? Math.clamp(lagged / squares, 0.0, 0.999) : 0;
  }

  /** The fitted rates of {@code count} consecutive steps from {@code start} (not clipped at 0). */
  double[] predict(Instant start, Duration step, int count) {
    double[] x = new double[features()];
    double[] fitted = new double[count];
    double from = seconds(start);
    double stepSeconds = RateHistory.seconds(step);
    for (int i = 0; i < count; i++) {
      features(from + i * stepSeconds, x);
      double sum = 0;
      for (int j = 0; j < x.length; j++) {
        sum += coefficients[j] * x[j];
      }
      fitted[i] = sum * scale;
    }
    return fitted;
  }

  private int features() {
    return 2 + changepoints.length + 2 * dailyOrder + 2 * weeklyOrder;
  }

  /** Intercept, slope, one hinge per changepoint, then cosine and sine pairs of the day and the week. */
  private void features(double seconds, double[] x) {
    double u = (seconds - originSeconds) / spanSeconds;
    int i = 0;
    x[i++] = 1;
    x[i++] = u;
    for (double c : changepoints) {
      x[i++] = Math.max(0, u - c);
    }
    i = fourier(seconds, DAY_SECONDS, dailyOrder, x, i);
    fourier(seconds, WEEK_SECONDS, weeklyOrder, x, i);
  }

  /** Writes cos(k w t), sin(k w t) for k = 1..order from {@code x[i]}, by the angle-addition recurrence. */
  private static int fourier(double seconds, double period, int order, double[] x, int i) {
    if (order == 0) {
      return i;
    }
    double angle = 2 * Math.PI * ((seconds % period) / period);
    double cos1 = Math.cos(angle);
    double sin1 = Math.sin(angle);
    double cos = cos1;
    double sin = sin1;
    for (int k = 1; k <= order; k++) {
      x[i++] = cos;
      x[i++] = sin;
      double nextCos = cos * cos1 - sin * sin1;
      sin = sin * cos1 + cos * sin1;
      cos = nextCos;
    }
    return i;
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
