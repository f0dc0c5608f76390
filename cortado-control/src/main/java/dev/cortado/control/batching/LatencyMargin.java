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
    // + 0.0 turns -0.0 into 0.0, so that < orders the window as Arrays.sort would (a -0.0 would
    // change nothing anyway: the margin is floored at 0).
    double error = observedMs - predictedMs + 0.0;
    if (size == window) {
      double evicted = ring[next];
      ring[next] = error;
      next = next + 1 == window ? 0 : next + 1;
      if (evicted == error) {
        return; // the same error out and in: nothing changes (often so, as batch times repeat)
      }
      replace(evicted, error);
    } else {
      ring[next] = error;
      next = next + 1 == window ? 0 : next + 1;
      int at = lowerBound(error);
      System.arraycopy(sorted, at, sorted, at + 1, size - at);
      sorted[at] = error;
      size++;
    }
    double[] view = size == window ? sorted : Arrays.copyOf(sorted, size);
    marginMs = Math.min(capMs, Math.max(0, BatchLatency.quantile(view, quantile)));
    typicalErrorMs = Math.min(capMs, Math.max(0, BatchLatency.quantile(view, 0.5)));
  }

  /**
   * In the full sorted window, replaces one copy of {@code out} by {@code in}, moving only the
   * values between the two places: what removing {@code out} and inserting {@code in} gives, with
   * one shift of part of the array instead of two. A batcher observes every batch, so this is on
   * the simulator's path for every request.
   */
  private void replace(double out, double in) {
    int from = lowerBound(out);
    if (in > out) {
      int to = lowerBound(in) - 1; // its place once out has left
      System.arraycopy(sorted, from + 1, sorted, from, to - from);
      sorted[to] = in;
    } else {
      int to = lowerBound(in);
      System.arraycopy(sorted, to, sorted, to + 1, from - to);
      sorted[to] = in;
    }
  }

  /**
   * The index of the first value in the window not below {@code v}. Written without a branch on
   * the comparison, so that the JIT can make it a conditional move: values arrive in random order, a
   * branching binary search mispredicts at every other step.
   */
  private int lowerBound(double v) {
    if (size == 0) {
      return 0;
    }
    int base = 0;
    for (int len = size; len > 1; ) {
      int half = len >>> 1;
      base = sorted[base + half - 1] < v ? base + half : base;
      len -= half;
    }
    return sorted[base] < v ? base + 1 : base;
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
