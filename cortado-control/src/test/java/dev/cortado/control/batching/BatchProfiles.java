package dev.cortado.control.batching;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built profiles with round numbers, measured at batch sizes 1, 2, 4 and 8 (sizes between are
 * interpolated linearly by {@link Profile#latencyMs}).
 *
 * <pre>
 *   profile   batch:  1     2     4     8      throughput (p50)          knee (max batch 8)
 *   linear    p50     1     1.5   2.5   4.5    1000 1333 1600 1778 /s    8 (still growing)
 *             p95     1.5   2.5   4.5   8.5
 *             p99     2     3     5     9      p99(b) = 1 + b ms
 *   plateau   p50     2     3     4     8      500  667  1000 1000 /s    4
 *             p95     2.5   3.75  5     10
 *             p99     3     4.5   6     12
 * </pre>
 */
final class BatchProfiles {
  private static final int[] SIZES = {1, 2, 4, 8};

  private BatchProfiles() {}

  static Profile linear() {
    return of("linear", new double[] {1, 1.5, 2.5, 4.5}, new double[] {1.5, 2.5, 4.5, 8.5}, new double[] {2, 3, 5, 9});
  }

  static Profile plateau() {
    return of("plateau", new double[] {2, 3, 4, 8}, new double[] {2.5, 3.75, 5, 10}, new double[] {3, 4.5, 6, 12});
  }

  static Profile of(String variant, double[] p50, double[] p95, double[] p99) {
    List<BatchLatency> batches = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      batches.add(new BatchLatency(SIZES[i], List.of(p50[i]), p50[i], p95[i], p99[i], p50[i]));
    }
    LatencyModel model = LatencyModel.fit(SIZES, p50);
    return new Profile(variant, "1", InstanceSize.cpu(1), batches, model, 100, 1L << 20, Instant.EPOCH, "test");
  }
}
