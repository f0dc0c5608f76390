package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Forecast arrival rates, in requests per second, one per step from {@code from}: {@code mean[i]} is
 * the expected rate over {@code [from + i*step, from + (i+1)*step)} and {@code upper[i]} its
 * {@code quantile} (say 0.95), the rate to provision for. Every value is finite, {@code 0 <= mean[i]
 * <= upper[i]}. Immutable: the arrays are copied in and out.
 */
public record Forecast(Instant from, Duration step, double[] mean, double[] upper, double quantile) {

  public Forecast {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(upper, "upper");
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step = " + step + ", must be positive");
    }
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile = " + quantile + ", must be in (0, 1)");
    }
    if (mean.length == 0 || mean.length != upper.length) {
      throw new IllegalArgumentException("mean has " + mean.length + " steps and upper " + upper.length
          + ", must be the same number and at least 1");
    }
    mean = mean.clone();
    upper = upper.clone();
    for (int i = 0; i < mean.length; i++) {
      if (!(mean[i] >= 0) || Double.isInfinite(mean[i]) || !(upper[i] >= mean[i]) || Double.isInfinite(upper[i])) {
        throw new IllegalArgumentException(
            "step " + i + ": mean = " + mean[i] + ", upper = " + upper[i] + ", must be finite with 0 <= mean <= upper");
      }
    }
  }

  /**
   * A forecast from raw model output: negative means become 0, and the upper quantile is {@code
   * mean + offset[i]}, never below the mean. Non-finite values (a model that diverged) are refused.
   */
  static Forecast of(Instant from, Duration step, double[] mean, double[] upperOffset, double quantile) {
    double[] m = new double[mean.length];
    double[] u = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      m[i] = Double.isFinite(mean[i]) ? Math.max(0, mean[i]) : 0;
      double offset = Double.isFinite(upperOffset[i]) ? Math.max(0, upperOffset[i]) : 0;
      u[i] = m[i] + offset;
    }
    return new Forecast(from, step, m, u, quantile);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] upper() {
    return upper.clone();
  }

  /** The number of steps forecast. */
  public int size() {
    return mean.length;
  }

  /** The expected rate in step {@code i}. */
  public double meanAt(int i) {
    return mean[i];
  }

  /** The upper-quantile rate in step {@code i}. */
  public double upperAt(int i) {
    return upper[i];
  }

  /** The highest upper-quantile rate over the first {@code steps} steps: what to provision for them. */
  public double peakUpper(int steps) {
    if (steps < 1 || steps > upper.length) {
      throw new IllegalArgumentException("steps = " + steps + ", must be in [1, " + upper.length + "]");
    }
    double peak = 0;
    for (int i = 0; i < steps; i++) {
      peak = Math.max(peak, upper[i]);
    }
    return peak;
  }

  /**
   * The highest upper-quantile rate over the steps that overlap {@code [now, now + leadSeconds]}
   * (those forecast; 0 when none is): what to provision for a cold start's lead from {@code now}.
   */
  public double peakUpperOver(Instant now, double leadSeconds) {
    return peakUpperFrom(now, leadSeconds, 0);
  }

  /**
   * The highest upper-quantile rate over the steps that start after {@code now} and by
   * {@code now + leadSeconds} (0 when none does): the changes a cold start begun now must meet, with
   * the step already under way left to what is observed of it.
   */
  public double peakUpperAhead(Instant now, double leadSeconds) {
    return peakUpperFrom(now, leadSeconds, 1);
  }

  /** The peak over the steps from {@code skip} after the one holding {@code now} to the one holding {@code now + lead}. */
  private double peakUpperFrom(Instant now, double leadSeconds, int skip) {
    long stepNanos = step.toNanos();
    long fromNow = Duration.between(from, now).toNanos();
    long fromLead = fromNow + Math.round(leadSeconds * 1e9);
    int first = (int) Math.max(0, Math.floorDiv(fromNow, stepNanos) + skip);
    int last = (int) Math.min(upper.length - 1, Math.floorDiv(fromLead, stepNanos));
    double peak = 0;
    for (int i = first; i <= last; i++) {
      peak = Math.max(peak, upper[i]);
    }
    return peak;
  }

  /** The end of the last step forecast. */
  public Instant end() {
    return from.plus(step.multipliedBy(mean.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Forecast f
        && from.equals(f.from)
        && step.equals(f.step)
        && Arrays.equals(mean, f.mean)
        && Arrays.equals(upper, f.upper)
        && Double.compare(quantile, f.quantile) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, step, Arrays.hashCode(mean), Arrays.hashCode(upper), quantile);
  }

  @Override
  public String toString() {
    return "Forecast[" + from + ", " + mean.length + " x " + step + ", q" + quantile + "]";
  }
}
