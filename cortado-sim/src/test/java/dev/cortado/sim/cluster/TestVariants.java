package dev.cortado.sim.cluster;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.time.Instant;
import java.util.List;

/** Variants with fixed service times for tests: every batch of up to 8 takes {@code batchMs}. */
public final class TestVariants {
  private TestVariants() {}

  public static Profile profile(String variant, int threads, double batchMs, double coldStartMs) {
    List<BatchLatency> batches = List.of(BatchLatency.of(1, List.of(batchMs)), BatchLatency.of(8, List.of(batchMs)));
    return new Profile(variant, "1", InstanceSize.cpu(threads), batches, new LatencyModel(batchMs, 0, 0), coldStartMs, 1L << 30,
        Instant.EPOCH, "test");
  }

  public static VariantSetup setup(String variant, String task, double accuracy, double batchMs, double coldStartMs) {
    return new VariantSetup(variant, task, accuracy, 8,
        List.of(profile(variant, 1, batchMs, coldStartMs), profile(variant, 2, batchMs / 2, coldStartMs)), InstanceSize.cpu(1));
  }
}
