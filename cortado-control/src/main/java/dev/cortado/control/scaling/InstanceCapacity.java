package dev.cortado.control.scaling;

import dev.cortado.core.profile.Profile;
import java.time.Duration;
import java.util.Objects;

/**
 * What one instance of a variant sustains within an SLO, from its profile: the largest batch
 * {@code b} (up to {@code maxBatch}) with {@code 2 × p95(b) ≤ SLO} (a request may wait for the batch
 * before it and then run in its own), and the throughput {@code b / p50(b)} at that batch.
 *
 * @param batch the batch size it runs at
 * @param batchLatencyMs its profiled median latency at that batch
 * @param throughputPerSecond requests per second one instance sustains at that batch
 */
public record InstanceCapacity(int batch, double batchLatencyMs, double throughputPerSecond) {
  public InstanceCapacity {
    if (batch < 1 || !(batchLatencyMs > 0) || !(throughputPerSecond > 0)) {
      throw new IllegalArgumentException("capacity (" + batch + ", " + batchLatencyMs + " ms, " + throughputPerSecond
          + "/s) must be positive");
    }
  }

  /** The capacity of one instance profiled by {@code profile}, batching up to {@code maxBatch}. */
  public static InstanceCapacity of(Profile profile, Duration slo, int maxBatch) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(slo, "slo");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch = " + maxBatch + ", must be at least 1");
    }
    double sloMs = slo.toNanos() / 1e6;
    int best = 1;
    for (int b = 2; b <= maxBatch; b *= 2) {
      if (2 * profile.latencyMs(b, 0.95) <= sloMs) {
        best = b;
      }
    }
    double latency = Math.max(1e-3, profile.latencyMs(best, 0.5));
    return new InstanceCapacity(best, latency, best * 1000.0 / latency);
  }

  /**
   * Instances needed to answer a burst of {@code requests} arriving within {@code windowMs} inside
   * {@code sloMs}: each instance runs back-to-back batches of {@link #batch} in what is left of the
   * SLO after the window, at utilisation {@code utilisation} of that time (at least one batch).
   */
  public int instancesForBurst(int requests, double windowMs, double sloMs, double utilisation) {
    if (requests <= 0) {
      return 0;
    }
    double batches = Math.max(1, Math.floor((sloMs - windowMs) * utilisation / batchLatencyMs));
    return (int) Math.ceil(requests / (batch * batches) - 1e-9);
  }

  /** Instances needed for {@code ratePerSecond} at utilisation {@code utilisation} (0..1]. */
  public int instancesFor(double ratePerSecond, double utilisation) {
    if (ratePerSecond <= 0) {
      return 0;
    }
    return (int) Math.ceil(ratePerSecond / (throughputPerSecond * utilisation) - 1e-9);
  }
}
