package dev.cortado.sim.trace;

import dev.cortado.core.error.CortadoException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Request counts per consecutive bucket of equal length (a minute, a second), bucket 0 starting at
 * the trace's start. Held as one {@code int[]}; capture gaps in the source are zero buckets.
 */
public final class CountTrace implements ArrivalTrace {
  private final Path source;
  private final Duration bucketLength;
  private final int[] counts;
  private final long total;

  /** Copies {@code counts}; every count must be non-negative and there must be at least one bucket. */
  public CountTrace(Path source, Duration bucketLength, int[] counts) {
    this.source = Objects.requireNonNull(source, "source");
    this.bucketLength = Objects.requireNonNull(bucketLength, "bucketLength");
    if (bucketLength.isNegative() || bucketLength.isZero()) {
      throw CortadoException.invalidArgument(
          "bucket-length = %s, must be positive (%s)", bucketLength, source);
    }
    if (counts.length == 0) {
      throw CortadoException.invalidArgument("trace %s has no buckets", source);
    }
    this.counts = counts.clone();
    long sum = 0;
    for (int i = 0; i < this.counts.length; i++) {
      if (this.counts[i] < 0) {
        throw CortadoException.invalidArgument(
            "trace %s bucket %d has count %d, must be >= 0", source, i, this.counts[i]);
      }
      sum += this.counts[i];
    }
    this.total = sum;
  }

  @Override
  public Path source() {
    return source;
  }

  @Override
  public Duration duration() {
    return bucketLength.multipliedBy(counts.length);
  }

  public Duration bucketLength() {
    return bucketLength;
  }

  /** The number of buckets. */
  public int buckets() {
    return counts.length;
  }

  /** The requests counted in bucket {@code index}. */
  public int count(int index) {
    return counts[index];
  }

  /** The requests counted in all buckets. */
  public long total() {
    return total;
  }

  @Override
  public String toString() {
    return "CountTrace[" + source + ", " + counts.length + " x " + bucketLength + ", total " + total + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountTrace c
        && source.equals(c.source)
        && bucketLength.equals(c.bucketLength)
        && Arrays.equals(counts, c.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, bucketLength, Arrays.hashCode(counts));
  }
}
