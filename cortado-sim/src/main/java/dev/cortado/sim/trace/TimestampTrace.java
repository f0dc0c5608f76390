package dev.cortado.sim.trace;

import dev.cortado.core.error.CortadoException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One arrival instant per request, as nanoseconds after the trace's first request, in
 * non-decreasing order. Held as one {@code long[]}.
 */
public final class TimestampTrace implements ArrivalTrace {
  private final Path source;
  private final long[] offsetsNanos;

  /**
   * Copies and sorts {@code offsetsNanos}, then shifts them so the earliest request is at 0; there
   * must be at least one request.
   */
  public TimestampTrace(Path source, long[] offsetsNanos) {
    this.source = Objects.requireNonNull(source, "source");
    if (offsetsNanos.length == 0) {
      throw CortadoException.invalidArgument("trace %s has no requests", source);
    }
    long[] sorted = offsetsNanos.clone();
    Arrays.sort(sorted);
    long first = sorted[0];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] -= first;
    }
    this.offsetsNanos = sorted;
  }

  @Override
  public Path source() {
    return source;
  }

  /** The last request's offset plus one nanosecond, so a window of this length holds every request. */
  @Override
  public Duration duration() {
    return Duration.ofNanos(offsetsNanos[offsetsNanos.length - 1] + 1);
  }

  /** The number of requests. */
  public int size() {
    return offsetsNanos.length;
  }

  /** Request {@code index}'s arrival, in nanoseconds after the first request. */
  public long offsetNanos(int index) {
    return offsetsNanos[index];
  }

  /** The index of the first request at or after {@code nanos} ({@link #size()} if none). */
  int firstAtOrAfter(long nanos) {
    int lo = 0;
    int hi = offsetsNanos.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (offsetsNanos[mid] < nanos) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public String toString() {
    return "TimestampTrace[" + source + ", " + offsetsNanos.length + " requests over " + duration() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimestampTrace t
        && source.equals(t.source)
        && Arrays.equals(offsetsNanos, t.offsetsNanos);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, Arrays.hashCode(offsetsNanos));
  }
}
