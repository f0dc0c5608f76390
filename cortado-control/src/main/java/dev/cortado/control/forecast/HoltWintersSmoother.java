package dev.cortado.control.forecast;

/**
 * The Holt-Winters recursions (level, trend, and one seasonal index per phase of a season of {@code
 * m} steps; {@code m = 0} is Holt's linear method without a season) run over a series. The initial
 * state depends on the data alone, so a fit initialises once and tries each set of smoothing
 * parameters on a copy ({@link #with}). Multiplicative seasons run on {@code y + offset} with a small offset, and
 * clamp each seasonal update to [1/20, 20], so zeros (capture gaps, idle minutes) neither divide by
 * zero nor leave an index that explodes the next season.
 */
final class HoltWintersSmoother {
  private static final double MIN_RATIO = 1.0 / 20;
  private static final double MAX_RATIO = 20;

  private final int m;
  private final boolean multiplicative;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double offset;
  private final double[] season;
  private double level;
  private double trend;
  /** The last step observed. */
  private int t;

  /**
   * A smoother initialised on every whole season of {@code y} (the first step if {@code m = 0}): the
   * trend from the first and last seasons' means, each seasonal index the median over the seasons of
   * that phase's detrended value (a median, so one day's burst does not become every day's), and the
   * level at the end of the first season, where the recursions start. Its smoothing parameters are 0
   * until {@link #with} sets them.
   */
  HoltWintersSmoother(double[] y, int m, boolean multiplicative) {
    this.m = m;
    this.multiplicative = multiplicative && m > 0;
    this.alpha = 0;
    this.beta = 0;
    this.gamma = 0;
    this.offset = this.multiplicative ? 0.01 * mean(y, 0, y.length) + 1e-9 : 0;
    this.season = new double[Math.max(1, m)];
    if (m == 0) {
      level = y[0];
      trend = 0;
      t = 0;
      return;
    }
    int seasons = y.length / m;
    double[] means = new double[seasons];
    for (int k = 0; k < seasons; k++) {
      means[k] = mean(y, k * m, (k + 1) * m) + offset;
    }
    trend = seasons > 1 ? (means[seasons - 1] - means[0]) / ((seasons - 1.0) * m) : 0;
    level = means[0] + trend * (m - 1) / 2.0;
    double[] phase = new double[seasons];
    double sum = 0;
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < seasons; k++) {
        double seasonLevel = means[k] + trend * (i - (m - 1) / 2.0);
        double z = y[k * m + i] + offset;
        phase[k] = this.multiplicative ? z / Math.max(seasonLevel, 1e-12) : z - seasonLevel;
      }
      season[i] = Residuals.quantile(phase, seasons, 0.5);
      sum += season[i];
    }
    for (int i = 0; i < m; i++) {
      season[i] = this.multiplicative ? Math.clamp(season[i] / (sum / m), MIN_RATIO, MAX_RATIO) : season[i] - sum / m;
    }
    t = m - 1;
  }

  private HoltWintersSmoother(HoltWintersSmoother other, double alpha, double beta, double gamma) {
    this.m = other.m;
    this.multiplicative = other.multiplicative;
    this.alpha = alpha;
    this.beta = beta;
    this.gamma = gamma;
    this.offset = other.offset;
    this.season = other.season.clone();
    this.level = other.level;
    this.trend = other.trend;
    this.t = other.t;
  }

  /** An independent smoother in the same state. */
  HoltWintersSmoother copy() {
    return new HoltWintersSmoother(this, alpha, beta, gamma);
  }

  /** An independent smoother in the same state, with these smoothing parameters. */
  HoltWintersSmoother with(double alpha, double beta, double gamma) {
    return new HoltWintersSmoother(this, alpha, beta, gamma);
  }

  /** The fewest steps a smoother with a season of {@code m} steps can start on and learn from. */
  static int minSteps(int m) {
    return m == 0 ? 3 : 2 * m + 2;
  }

  /**
   * The sum of squared one-step errors of a copy of this smoother fed {@code y} from its next step on
   * ({@code y} being the series it was initialised on).
   */
  double oneStepSse(double[] y) {
    HoltWintersSmoother s = copy();
    double sse = 0;
    for (int i = s.t + 1; i < y.length; i++) {
      double e = y[i] - s.predict(1);
      sse += e * e;
      s.observe(y[i]);
    }
    return sse;
  }

  /** The next step observed: {@link #observe} feeds it. */
  int nextStep() {
    return t + 1;
  }

  /** The forecast of the step {@code lead} after the last one observed. */
  double predict(int lead) {
    double base = level + lead * trend;
    if (m == 0) {
      return base;
    }
    double s = season[(t + lead) % m];
    return multiplicative ? base * s - offset : base + s;
  }

  /** Takes in the next step's rate. */
  void observe(double y) {
    t++;
    double previousLevel = level;
    if (m == 0) {
      level = alpha * y + (1 - alpha) * (level + trend);
      trend = beta * (level - previousLevel) + (1 - beta) * trend;
      return;
    }
    int phase = t % m;
    double s = season[phase];
    if (multiplicative) {
      double z = y + offset;
      level = Math.max(1e-12, alpha * z / s + (1 - alpha) * (level + trend));
      trend = beta * (level - previousLevel) + (1 - beta) * trend;
      season[phase] = gamma * Math.clamp(z / level, MIN_RATIO, MAX_RATIO) + (1 - gamma) * s;
    } else {
      level = alpha * (y - s) + (1 - alpha) * (level + trend);
      trend = beta * (level - previousLevel) + (1 - beta) * trend;
      season[phase] = gamma * (y - level) + (1 - gamma) * s;
    }
  }

  private static double mean(double[] y, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += y[i];
    }
    return to > from ? sum / (to - from) : 0;
  }
}
