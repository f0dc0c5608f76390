package dev.cortado.server.batching;

import dev.cortado.control.scaling.BurstMeter;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * What one variant's batcher saw since the control loop last looked: requests that arrived
 * (accepted or refused) and the largest burst of them ({@link BurstMeter}), requests in flight
 * (queued or running) and their time integral, requests answered with their latency, and batches
 * with their run time. The control loop takes a {@link #snapshot()} once per tick, which also
 * starts the next window.
 *
 * <p>Guard: {@link #lock}, held for a few additions; many request threads feed it, one control
 * thread reads it. Time comes from the injected nanosecond source.
 */
public final class LoadMeter {
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private long windowStart;
  private long lastChange;
  private int inFlight;
  /** The sum of in-flight × nanoseconds over the window, up to {@link #lastChange}. */
  private double inFlightNanos;
  private long arrivals;
  private final BurstMeter bursts = BurstMeter.standard();
  private long answered;
  private long latencyNanos;
  private long batches;
  private long batchNanos;

  public LoadMeter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
    this.lastChange = windowStart;
  }

  /** A meter on {@link System#nanoTime()}. */
  public static LoadMeter onSystemTime() {
    return new LoadMeter(System::nanoTime);
  }

  /** A request asked to be queued, whether or not it was. */
  public void arrival() {
    lock.lock();
    try {
      arrivals++;
      bursts.arrival(nanoTime.getAsLong());
    } finally {
      lock.unlock();
    }
  }

  /** A request was accepted: it is in flight until {@link #finished}. */
  public void accepted() {
    lock.lock();
    try {
      advance(nanoTime.getAsLong());
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  /**
   * An accepted request's future completed.
   *
   * @param answered whether it completed with an answer (not an error)
   * @param latencyNanos from its arrival to now
   */
  public void finished(boolean answered, long latencyNanos) {
    lock.lock();
    try {
      advance(nanoTime.getAsLong());
      inFlight = Math.max(0, inFlight - 1);
      if (answered) {
        this.answered++;
        this.latencyNanos += Math.max(0, latencyNanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** A batch finished after running for {@code runNanos}. */
  public void batch(long runNanos) {
    lock.lock();
    try {
      batches++;
      batchNanos += Math.max(0, runNanos);
    } finally {
      lock.unlock();
    }
  }

  /** Requests accepted and not yet finished. */
  public int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** What the window since the last snapshot saw; starts the next window. */
  public LoadSnapshot snapshot() {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      advance(now);
      long window = now - windowStart;
      double meanInFlight = window > 0 ? inFlightNanos / window : inFlight;
      LoadSnapshot s = new LoadSnapshot(window, arrivals, meanInFlight, inFlight, answered,
          answered == 0 ? Double.NaN : latencyNanos / 1e6 / answered,
          batches == 0 ? Double.NaN : batchNanos / 1e6 / batches, bursts.peak());
      windowStart = now;
      bursts.startWindow(now);
      inFlightNanos = 0;
      arrivals = 0;
      answered = 0;
      latencyNanos = 0;
      batches = 0;
      batchNanos = 0;
      return s;
    } finally {
      lock.unlock();
    }
  }

  /** Guarded by {@link #lock}: adds the in-flight count held since the last change. */
  private void advance(long now) {
    if (now > lastChange) {
      inFlightNanos += (double) inFlight * (now - lastChange);
      lastChange = now;
    }
  }

  /**
   * One window of a {@link LoadMeter}.
   *
   * @param windowNanos how long the window lasted
   * @param arrivals requests that arrived in it, accepted or not
   * @param meanInFlight requests in flight averaged over the window (now, for an empty window)
   * @param inFlight requests in flight at its end
   * @param answered requests answered in it
   * @param meanLatencyMs their mean latency from arrival to answer; NaN when none
   * @param meanBatchLatencyMs the mean run time of the batches that finished in it; NaN when none
   * @param burstArrivals the most arrivals within any {@link dev.cortado.control.scaling.VariantObservation#BURST_WINDOW} of it
   */
  public record LoadSnapshot(long windowNanos, long arrivals, double meanInFlight, int inFlight, long answered,
      double meanLatencyMs, double meanBatchLatencyMs, int burstArrivals) {
    /** Nothing seen. */
    public static final LoadSnapshot EMPTY = new LoadSnapshot(0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0);
  }
}
