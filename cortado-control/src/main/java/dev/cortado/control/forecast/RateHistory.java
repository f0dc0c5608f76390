package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Observed arrival rates, in requests per second, one per consecutive step: {@code rates[i]} is the
 * mean rate over {@code [start + i*step, start + (i+1)*step)}. Immutable: the array is copied in and
 * out. May be empty (a task that has seen no traffic yet); forecasters refuse an empty history.
 */
public record RateHistory(Instant start, Duration step, double[] rates) {

  public RateHistory {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(rates, "rates");
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step = " + step + ", must be positive");
    }
    rates = rates.clone();
    for (int i = 0; i < rates.length; i++) {
      if (!(rates[i] >= 0) || Double.isInfinite(rates[i])) {
        throw new IllegalArgumentException("rates[" + i + "] = " + rates[i] + ", must be finite and >= 0");
      }
    }
  }

  /** A history from request counts per step: each count divided by the step in seconds. */
  public static RateHistory ofCounts(Instant start, Duration step, long[] counts) {
    double seconds = seconds(step);
    double[] rates = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      rates[i] = counts[i] / seconds;
    }
    return new RateHistory(start, step, rates);
  }

  /** A copy of the rates. */
  @Override
  public double[] rates() {
    return rates.clone();
  }

  /** A copy of the rates of steps {@code [from, to)}. */
  public double[] rates(int from, int to) {
    checkRange(from, to);
    return Arrays.copyOfRange(rates, from, to);
  }

  /** The rate observed in step {@code index}. */
  public double rate(int index) {
    return rates[index];
  }

  /** The number of steps. */
  public int size() {
    return rates.length;
  }

  public boolean isEmpty() {
    return rates.length == 0;
  }

  /** Where the history ends: the start of the first step not yet observed. */
  public Instant end() {
    return start.plus(step.multipliedBy(rates.length));
  }

  /** The start of step {@code index}. */
  public Instant timeOf(int index) {
    return start.plus(step.multipliedBy(index));
  }

  /** The last {@code n} steps (all of them if there are fewer). */
  public RateHistory last(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n = " + n + ", must be >= 0");
    }
    int from = Math.max(0, rates.length - n);
    return slice(from, rates.length);
  }

  /** Steps {@code [from, to)}, starting at {@link #timeOf(int) timeOf(from)}. */
  public RateHistory slice(int from, int to) {
    checkRange(from, to);
    return new RateHistory(timeOf(from), step, Arrays.copyOfRange(rates, from, to));
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > rates.length || from > to) {
      throw new IllegalArgumentException(
          "steps [" + from + ", " + to + ") are not inside a history of " + rates.length + " steps");
    }
  }

  /** Whether steps {@code [from, from + values.length)} hold exactly {@code values}. */
  boolean hasRates(int from, double[] values) {
    return from >= 0
        && from + values.length <= rates.length
        && Arrays.equals(rates, from, from + values.length, values, 0, values.length);
  }

  static double seconds(Duration step) {
    return step.toNanos() / 1e9;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateHistory h && start.equals(h.start) && step.equals(h.step) && Arrays.equals(rates, h.rates);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, step, Arrays.hashCode(rates));
  }

  @Override
  public String toString() {
    return "RateHistory[" + start + ", " + rates.length + " x " + step + "]";
  }
}
