package dev.cortado.core.profile;

import dev.cortado.core.model.InstanceSize;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one variant costs on one instance size, measured on this machine: latency per batch size
 * (samples and a fitted model), the cold start (session creation to first answer) and the memory
 * one instance holds. Everything that needs a predicted latency reads it from here.
 *
 * @param variant the model name
 * @param version the model version profiled
 * @param size the instance size (intra-op threads)
 * @param batches measured batch sizes, ascending
 * @param model the fitted latency curve over {@code batches}' medians
 * @param coldStartMs from session creation to the first answer
 * @param memoryBytes resident memory one instance adds
 * @param measuredAt when the profile was taken
 * @param machine where (cores, CPU model), free text
 */
public record Profile(
    String variant,
    String version,
    InstanceSize size,
    List<BatchLatency> batches,
    LatencyModel model,
    double coldStartMs,
    long memoryBytes,
    Instant measuredAt,
    String machine) {

  public Profile {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(measuredAt, "measuredAt");
    Objects.requireNonNull(machine, "machine");
    batches = batches.stream().sorted(Comparator.comparingInt(BatchLatency::batchSize)).toList();
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("profile of " + variant + " has no measured batch sizes");
    }
    if (coldStartMs < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("profile of " + variant + ": cold start and memory must be >= 0");
    }
  }

  public int maxBatchSize() {
    return batches.getLast().batchSize();
  }

  public Optional<BatchLatency> measured(int batchSize) {
    return batches.stream().filter(b -> b.batchSize() == batchSize).findFirst();
  }

  /**
   * Predicted latency of a batch at the given quantile (0.5, 0.95 or 0.99 are measured; others use
   * the nearest): measured where the batch size was measured, interpolated between measured sizes,
   * else the fitted model scaled by the quantile's ratio to the median.
   */
  public double latencyMs(int batchSize, double quantile) {
    BatchLatency lower = null;
    BatchLatency upper = null;
    for (BatchLatency b : batches) {
      if (b.batchSize() <= batchSize) {
        lower = b;
      }
      if (b.batchSize() >= batchSize && upper == null) {
        upper = b;
      }
    }
    if (lower != null && upper != null) {
      if (lower == upper) {
        return at(lower, quantile);
      }
      double t = (batchSize - lower.batchSize()) / (double) (upper.batchSize() - lower.batchSize());
      return at(lower, quantile) + t * (at(upper, quantile) - at(lower, quantile));
    }
    BatchLatency edge = lower != null ? lower : upper;
    double ratio = at(edge, quantile) / edge.p50Ms();
    return model.predictMs(batchSize) * ratio;
  }

  private static double at(BatchLatency b, double quantile) {
    if (quantile >= 0.99) {
      return b.p99Ms();
    }
    if (quantile >= 0.95) {
      return b.p95Ms();
    }
    return b.p50Ms();
  }
}
