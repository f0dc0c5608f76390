package dev.cortado.core.profile;

import java.util.Arrays;
import java.util.List;

/**
 * Measured latency of one batch size on one instance size: the raw samples (milliseconds, in the
 * order taken) and their percentiles.
 */
public record BatchLatency(int batchSize, List<Double> samplesMs, double p50Ms, double p95Ms, double p99Ms, double meanMs) {
  public BatchLatency {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize = " + batchSize + ", must be at least 1");
    }
    samplesMs = List.copyOf(samplesMs);
    if (samplesMs.isEmpty()) {
      throw new IllegalArgumentException("batch size " + batchSize + " has no samples");
    }
  }

  /** Summarises raw samples. */
  public static BatchLatency of(int batchSize, List<Double> samplesMs) {
    double[] sorted = samplesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElseThrow();
    return new BatchLatency(batchSize, samplesMs, quantile(sorted, 0.50), quantile(sorted, 0.95), quantile(sorted, 0.99), mean);
  }

  /** The q-quantile of sorted values, interpolated linearly between ranks. */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** Requests per second one instance sustains at this batch size, from the median. */
  public double throughputPerSecond() {
    return batchSize * 1000.0 / p50Ms;
  }
}
