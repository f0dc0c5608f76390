package dev.cortado.control.scaling;

import java.time.Duration;

/**
 * The most arrivals within any window of a fixed length ({@link VariantObservation#BURST_WINDOW}):
 * how bursty a variant's load is, apart from its rate. A fan-out of 500 requests within a
 * millisecond and 500 requests spread over a second have the same rate over a tick; only the first
 * needs the instances to serve 500 requests at once within the SLO.
 *
 * <p>Fed arrival times in order (nanoseconds on any one clock); {@link #startWindow} begins the
 * next tick's count. A burst is counted in the tick of its last arrival, so one burst is not counted
 * in two ticks, and one that straddles two ticks counts whole. Not thread-safe: the live
 * meter guards it with its lock, the simulator is single-threaded.
 */
public final class BurstMeter {
  private final long windowNanos;
  /** Arrival times within the last window, oldest first: a ring of {@code size} from {@code head}. */
  private long[] times = new long[64];
  private int head;
  private int size;
  private int peak;

  public BurstMeter(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window = " + window + ", must be positive");
    }
    this.windowNanos = window.toNanos();
  }

  /** A meter over {@link VariantObservation#BURST_WINDOW}. */
  public static BurstMeter standard() {
    return new BurstMeter(VariantObservation.BURST_WINDOW);
  }

  /** A request arrived at {@code nanos} (not before the previous one). */
  public void arrival(long nanos) {
    drop(nanos);
    if (size == times.length) {
      long[] grown = new long[times.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = times[(head + i) % times.length];
      }
      times = grown;
      head = 0;
    }
    times[(head + size) % times.length] = nanos;
    size++;
    peak = Math.max(peak, size);
  }

  /**
   * The most arrivals within one window ending at an arrival since the last {@link #startWindow}:
   * a burst that straddles the start counts whole, from its arrivals after the start.
   */
  public int peak() {
    return peak;
  }

  /** Begins the next count at {@code nanos}; the arrivals still within a window of it stay in the count's window. */
  public void startWindow(long nanos) {
    drop(nanos);
    peak = 0;
  }

  /** Forgets arrivals a whole window before {@code nanos}. */
  private void drop(long nanos) {
    while (size > 0 && times[head] <= nanos - windowNanos) {
      head = (head + 1) % times.length;
      size--;
    }
  }
}
