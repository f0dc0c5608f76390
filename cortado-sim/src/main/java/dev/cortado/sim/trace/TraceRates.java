package dev.cortado.sim.trace;

import java.time.Duration;
import java.util.Objects;

/**
 * The rate a window of a trace asks for, per step, in requests per second (scale applied): what a
 * static provisioner sizes for, what an oracle forecaster knows, and what plots draw.
 */
public final class TraceRates {
  private TraceRates() {}

  /** The window's rate in steps of {@code step}; the last step may be partial and is averaged over its own length. */
  public static double[] of(ArrivalTrace trace, TraceWindow window, Duration step) {
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(window, "window");
    long stepNanos = step.toNanos();
    if (stepNanos <= 0) {
      throw new IllegalArgumentException("step = " + step + ", must be positive");
    }
    long from = window.start().toNanos();
    long length = window.length().toNanos();
    int steps = (int) ((length + stepNanos - 1) / stepNanos);
    double[] counts = new double[steps];
    switch (trace) {
      case CountTrace c -> {
        long bucket = c.bucketLength().toNanos();
        for (int k = 0; k < steps; k++) {
          long a = from + k * stepNanos;
          long b = Math.min(from + length, a + stepNanos);
          for (long i = a / bucket; i * bucket < b && i < c.buckets(); i++) {
            long overlap = Math.min(b, (i + 1) * bucket) - Math.max(a, i * bucket);
            if (overlap > 0) {
              counts[k] += c.count((int) i) * (double) overlap / bucket;
            }
          }
        }
      }
      case TimestampTrace t -> {
        for (int i = 0; i < t.size(); i++) {
          long at = t.offsetNanos(i) - from;
          if (at >= 0 && at < length) {
            counts[(int) (at / stepNanos)]++;
          }
        }
      }
    }
    double[] rates = new double[steps];
    for (int k = 0; k < steps; k++) {
      long len = Math.min(stepNanos, length - k * stepNanos);
      rates[k] = counts[k] * window.scale() / (len / 1e9);
    }
    return rates;
  }

  /** The largest value of {@code rates}; 0 when empty. */
  public static double peak(double[] rates) {
    double peak = 0;
    for (double r : rates) {
      peak = Math.max(peak, r);
    }
    return peak;
  }
}
