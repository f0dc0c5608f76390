package dev.cortado.control.batching;

import dev.cortado.core.profile.BatchLatency;
import java.util.Arrays;

/**
 * The safety margin Cortado adds to profiled latency, learned from how far observed batch latency
 * ran above the prediction: the {@code quantile} of the last {@code window} errors
 * {@code observed - predicted}, never below 0 and never above {@code capMs}.
 *
 * <p>When interference (a noisy neighbour, a throttled CPU) slows the instance, errors turn positive,
 * the margin grows, and batches shrink and leave earlier; when it passes, the errors fall back to 0
 * or below and, once they fill the window, the margin shrinks with them. With a p99 prediction most
 * errors are negative, so the margin stays 0 while the profile holds.
 */
public final class LatencyMargin {
  private final int window;
  private final double quantile;
  private final double capMs;
  /** The last errors in arrival order, a ring of {@code window} slots. */
  private final double[] ring;
  /** The same errors kept sorted, so a quantile is a lookup and an update a move of part of it. */
  private final double[] sorted;
  private int size;
  private int next;
  private double marginMs;
  private double typicalErrorMs;

  /**
   * @param window how many recent batches it remembers
   * @param quantile which quantile of their errors becomes the margin (0.9: all but the worst tenth)
   * @param capMs the largest margin, in milliseconds
   */
  public LatencyMargin(int window, double quantile, double capMs) {
    if (window < 1) {
      throw new IllegalArgumentException("window = " + window + ", must be at least 1");
    }
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile = " + quantile + ", must be in [0, 1]");
    }
    if (!(capMs >= 0) || Double.isInfinite(capMs)) {
      throw new IllegalArgumentException("capMs = " + capMs + ", must be finite and >= 0");
    }
    this.window = window;
    this.quantile = quantile;
    this.capMs = capMs;
    this.ring = new double[window];
    this.sorted = new double[window];
  }

  /** Records one batch: what it took and what the profile predicted for it. */
  public void observe(double observedMs, double predictedMs) {
    if (!Double.isFinite(observedMs) || !Double.isFinite(predictedMs)) {
      return;
    }
    double error = observedMs - predictedMs;
    if (size == window) {
      int at = Arrays.binarySearch(sorted, 0, size, ring[next]);
      System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
      size--;
    }
    ring[next] = error;
    next = (next + 1) % window;
    int at = Arrays.binarySearch(sorted, 0, size, error);
    int insert = at >= 0 ? at : -at - 1;
    System.arraycopy(sorted, insert, sorted, insert + 1, size - insert);
    sorted[insert] = error;
    size++;
    double[] view = size == window ? sorted : Arrays.copyOf(sorted, size);
    marginMs = Math.min(capMs, Math.max(0, BatchLatency.quantile(view, quantile)));
    typicalErrorMs = Math.min(capMs, Math.max(0, BatchLatency.quantile(view, 0.5)));
  }

  /**
   * The median error, milliseconds, floored at 0 and capped: what a batch typically costs beyond
   * the profile's compute (hand-offs between threads, interference). It is paid once per batch,
   * so it is what makes small batches expensive when the machine, not the model, is the limit.
   */
  public double typicalErrorMs() {
    return typicalErrorMs;
  }

  /** The margin now, in milliseconds: 0 until errors run positive. */
  public double marginMs() {
    return marginMs;
  }

  /** Batches remembered, at most the window. */
  public int samples() {
    return size;
  }
}
