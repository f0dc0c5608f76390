package dev.cortado.control.batching;

import java.util.Arrays;

/**
 * How much faster than its profile an instance has been running batches, by batch size: a profile
 * taken while something else loaded the machine overstates every latency it measured then. A policy
 * that believed it would wait for batches larger than it needs and refuse requests it could serve.
 *
 * <p>Batch sizes fall into buckets by powers of two (1, 2–3, 4–7, ...). Each bucket keeps the ratio
 * {@code observed / profiled median} of its last {@link #WINDOW} batches, and every {@link #EVERY}th
 * batch works out its factor again. Once it holds at least
 * {@link #MIN_SAMPLES}, and their median is below {@link #TRUSTED} (the profile is more than 15 %
 * slow there), that median becomes the bucket's factor, never below {@link #FLOOR}. Otherwise the
 * factor is 1 and the profile stands. The factor only ever lowers a prediction: slowdowns are the
 * {@link LatencyMargin}'s to cover, from the tail of the errors.
 *
 * <p>{@link #judgedMs} and {@link #medianMs} multiply the profile's latency by its bucket's factor,
 * and never predict a batch slower than a larger one was seen to run (the least corrected latency
 * of the buckets above). So they stay non-decreasing in the batch size, as the profile is: the
 * batch search by bisection relies on that.
 */
final class ObservedSpeed {
  /** Batches remembered per bucket. */
  static final int WINDOW = 32;
  /** Batches a bucket needs before its factor counts. */
  static final int MIN_SAMPLES = 16;
  /** A median ratio at or above this leaves the profile as it is. */
  static final double TRUSTED = 0.85;
  /** The lowest factor: a profile is not believed to be off by more than four times. */
  static final double FLOOR = 0.25;
  /**
   * A bucket's factor is worked out again every this many of its batches, not on every one: the
   * simulator observes every batch of millions, and sorting the window each time cost it a tenth
   * of its speed. A factor lags its bucket's batches by fewer than this many. Divides {@link #WINDOW}.
   */
  static final int EVERY = 8;

  private static final int BUCKETS = 31;

  private final double[][] ratios = new double[BUCKETS][WINDOW];
  private final int[] counts = new int[BUCKETS];
  private final int[] next = new int[BUCKETS];
  private final double[] factor = new double[BUCKETS];
  private final double[] scratch = new double[WINDOW];
  private final Corrected judged;
  private final Corrected median;
  private boolean anyCorrected;

  /**
   * @param judged the profile's latency per batch size at the quantile batches are judged on
   * @param median the profile's median latency per batch size, which observed batches are compared with
   */
  ObservedSpeed(LatencyTable judged, LatencyTable median) {
    this.judged = new Corrected(judged);
    this.median = new Corrected(median);
    Arrays.fill(factor, 1.0);
  }

  static int bucket(int items) {
    return 31 - Integer.numberOfLeadingZeros(Math.max(1, items));
  }

  /** Records one batch of {@code items} that ran in {@code observedMs}. */
  void observe(int items, double observedMs) {
    double profiled = median.table.ms(Math.max(1, items));
    if (!(observedMs > 0) || !Double.isFinite(observedMs) || !(profiled > 0)) {
      return;
    }
    int b = bucket(items);
    ratios[b][next[b]] = observedMs / profiled;
    next[b] = (next[b] + 1) % WINDOW;
    counts[b] = Math.min(WINDOW, counts[b] + 1);
    if (next[b] % EVERY != 0) { // next counts the bucket's batches modulo WINDOW, a multiple of EVERY
      return;
    }
    double f = 1.0;
    if (counts[b] >= MIN_SAMPLES) {
      int n = counts[b];
      System.arraycopy(ratios[b], 0, scratch, 0, n);
      Arrays.sort(scratch, 0, n);
      double med = n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
      f = med < TRUSTED ? Math.max(FLOOR, med) : 1.0;
    }
    if (f != factor[b]) {
      factor[b] = f;
      anyCorrected = false;
      for (double x : factor) {
        anyCorrected |= x != 1.0;
      }
      judged.receil();
      median.receil();
    }
  }

  /** The judged-quantile latency of a batch of {@code items}, as this instance has been running that size. */
  double judgedMs(int items) {
    return judged.ms(items);
  }

  /** The median latency of a batch of {@code items}, as this instance has been running that size. */
  double medianMs(int items) {
    return median.ms(items);
  }

  /** The factor now for batches of {@code items}: 1 where the profile stands. */
  double factor(int items) {
    return factor[bucket(items)];
  }

  /** One profile table with the factors applied, kept non-decreasing in the batch size. */
  private final class Corrected {
    private final LatencyTable table;
    /**
     * {@code ceilingMs[b]}: the least corrected latency of any bucket above {@code b}, the most bucket {@code b}
     * predicts: a smaller batch is not believed slower than a larger one was seen to run.
     */
    private final double[] ceilingMs = new double[BUCKETS];

    Corrected(LatencyTable table) {
      this.table = table;
      Arrays.fill(ceilingMs, Double.POSITIVE_INFINITY);
    }

    void receil() {
      ceilingMs[BUCKETS - 1] = Double.POSITIVE_INFINITY;
      for (int b = BUCKETS - 2; b >= 0; b--) {
        double above = factor[b + 1] == 1.0 ? Double.POSITIVE_INFINITY : table.ms(1 << (b + 1)) * factor[b + 1];
        ceilingMs[b] = Math.min(ceilingMs[b + 1], above);
      }
    }

    double ms(int items) {
      double profiled = table.ms(items);
      if (!anyCorrected) {
        return profiled;
      }
      int b = bucket(items);
      return Math.min(profiled * factor[b], ceilingMs[b]);
    }
  }
}
