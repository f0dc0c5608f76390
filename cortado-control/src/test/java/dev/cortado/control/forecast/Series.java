package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/** Synthetic per-minute rate series for the forecaster tests. */
final class Series {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  static final Duration MINUTE = Duration.ofMinutes(1);

  private Series() {}

  /** {@code n} minutes from {@link #START}, minute {@code t} at {@code rate.applyAsDouble(t)}. */
  static RateHistory minutes(int n, IntToDoubleFunction rate) {
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = rate.applyAsDouble(t);
    }
    return new RateHistory(START, MINUTE, y);
  }

  /** A daily shape with a trend, seeded noise and a few zero minutes (capture gaps). */
  static RateHistory noisyDaily(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return minutes(n, t -> t % 997 == 0 ? 0 : Math.max(0, 50 + 0.001 * t
        + 30 * Math.sin(2 * Math.PI * t / 1440) + 5 * random.nextGaussian()));
  }
}
