package dev.cortado.sim.engine;

/**
 * Latencies in logarithmic buckets, for quantiles without keeping one value per request: buckets
 * grow by {@value #GROWTH}x from {@value #LOWEST_NANOS} ns to {@value #HIGHEST_NANOS} ns, so a
 * quantile is within 2 % of a recorded value (the bucket's geometric middle, kept inside the exact
 * minimum and maximum). Below 1 µs the error is under 1 µs; above 100 s values share the last
 * bucket, whose quantile is the exact maximum.
 *
 * <p>Not thread-safe; the simulator records from its one thread.
 */
public final class LatencyHistogram {
  static final long LOWEST_NANOS = 1_000L;
  static final long HIGHEST_NANOS = 100_000_000_000L;
  static final double GROWTH = 1.04;
  private static final double LOG_GROWTH = Math.log(GROWTH);
  /** Bucket 0 holds values below {@link #LOWEST_NANOS}; bucket i >= 1 holds [LOWEST * GROWTH^(i-1), LOWEST * GROWTH^i). */
  private static final int BUCKETS = 2 + (int) Math.ceil(Math.log((double) HIGHEST_NANOS / LOWEST_NANOS) / LOG_GROWTH);

  private final long[] counts = new long[BUCKETS];
  private long count;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  private double sum;

  /** Records one latency. */
  public void record(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("nanos = " + nanos + ", must be >= 0");
    }
    counts[bucket(nanos)]++;
    count++;
    min = Math.min(min, nanos);
    max = Math.max(max, nanos);
    sum += nanos;
  }

  /**
   * The {@code q}-quantile in nanoseconds: the smallest recorded value with at least {@code q} of
   * all values at or below it, to within the bucket error; NaN when nothing was recorded.
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q = " + q + ", must be in [0, 1]");
    }
    if (count == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    int i = 0;
    while (seen + counts[i] < rank) {
      seen += counts[i++];
    }
    if (i == BUCKETS - 1) {
      return max; // the overflow bucket has no upper bound to take a middle of
    }
    double value = i == 0 ? LOWEST_NANOS / 2.0 : LOWEST_NANOS * Math.pow(GROWTH, i - 0.5);
    return Math.min(max, Math.max(min, value));
  }

  /** Forgets everything recorded, for reuse over the next interval. */
  public void clear() {
    java.util.Arrays.fill(counts, 0);
    count = 0;
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
    sum = 0;
  }

  /** Adds everything {@code other} recorded. */
  public void addAll(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    sum += other.sum;
  }

  public long count() {
    return count;
  }

  /** The smallest value recorded, exact; NaN when none. */
  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  /** The largest value recorded, exact; NaN when none. */
  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** The mean, exact up to floating-point summation; NaN when nothing was recorded. */
  public double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  private static int bucket(long nanos) {
    if (nanos < LOWEST_NANOS) {
      return 0;
    }
    int i = 1 + (int) Math.floor(Math.log((double) nanos / LOWEST_NANOS) / LOG_GROWTH);
    return Math.min(i, BUCKETS - 1);
  }
}
