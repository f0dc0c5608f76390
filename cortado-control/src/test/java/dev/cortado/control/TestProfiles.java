package dev.cortado.control;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.time.Instant;
import java.util.List;

/**
 * Hand-built profiles with round numbers: batch 1 and batch 8 are measured, batch 8 taking four
 * times as long as batch 1 at every quantile, so {@code latency(b) = latency(1) * (1 + 3 (b - 1) / 7)}
 * for b in [1, 8].
 */
public final class TestProfiles {
  public static final long MIB = 1L << 20;

  private TestProfiles() {}

  /**
   * @param p50Ms median latency of a batch of one
   * @param p99Ms p99 latency of a batch of one (p95 halfway between)
   */
  public static Profile profile(String variant, int threads, long memoryMib, double coldStartMs, double p50Ms, double p99Ms) {
    BatchLatency one = batch(1, p50Ms, p99Ms);
    BatchLatency eight = batch(8, 4 * p50Ms, 4 * p99Ms);
    LatencyModel model = LatencyModel.fit(new int[] {1, 8}, new double[] {p50Ms, 4 * p50Ms});
    return new Profile(variant, "1", InstanceSize.cpu(threads), List.of(one, eight), model, coldStartMs, memoryMib * MIB,
        Instant.EPOCH, "test");
  }

  private static BatchLatency batch(int size, double p50, double p99) {
    return new BatchLatency(size, List.of(p50), p50, (p50 + p99) / 2, p99, p50);
  }
}
