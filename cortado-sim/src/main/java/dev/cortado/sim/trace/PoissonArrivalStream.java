package dev.cortado.sim.trace;

import java.util.SplittableRandom;

/**
 * A count trace's window as a piecewise-constant-rate Poisson process: exponential gaps at each
 * bucket's rate, restarted at every bucket boundary (memorylessness makes that exact).
 */
final class PoissonArrivalStream implements ArrivalStream {
  private final CountTrace trace;
  private final double scale;
  private final long bucketNanos;
  private final long windowStartNanos;
  private final long windowEndNanos;
  private final SplittableRandom random;

  private int bucket;
  /** The current bucket's part inside the window, in nanoseconds after the window's start. */
  private long fromNanos;
  private long toNanos;
  /** Arrivals per nanosecond in the current bucket. */
  private double rate;
  /** Time since {@code fromNanos} of the last arrival drawn in the current bucket. */
  private double elapsed;
  private boolean done;

  PoissonArrivalStream(CountTrace trace, TraceWindow window, long seed) {
    this.trace = trace;
    this.scale = window.scale();
    this.bucketNanos = trace.bucketLength().toNanos();
    this.windowStartNanos = window.start().toNanos();
    this.windowEndNanos = window.end().toNanos();
    this.random = new SplittableRandom(seed);
    enterBucket((int) (windowStartNanos / bucketNanos));
  }

  @Override
  public long nextNanos() {
    while (!done) {
      if (rate > 0) {
        elapsed += -Math.log(1.0 - random.nextDouble()) / rate;
        if (elapsed < toNanos - fromNanos) {
          return fromNanos + (long) elapsed;
        }
      }
      enterBucket(bucket + 1);
    }
    return -1;
  }

  private void enterBucket(int next) {
    long start = next * bucketNanos;
    if (next >= trace.buckets() || start >= windowEndNanos) {
      done = true;
      return;
    }
    bucket = next;
    fromNanos = Math.max(start, windowStartNanos) - windowStartNanos;
    toNanos = Math.min(start + bucketNanos, windowEndNanos) - windowStartNanos;
    rate = trace.count(next) * scale / bucketNanos;
    elapsed = 0;
  }
}
