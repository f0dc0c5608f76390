package dev.cortado.sim.engine;

import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How long a batch takes, drawn from a profile's raw samples: a batch of {@code b} items takes a
 * sample of the smallest measured batch size at or above {@code b} (the largest, past it), scaled by
 * {@code profile.latencyMs(b, 0.5) / thatSize.p50Ms()} when {@code b} was not measured itself.
 */
public final class ServiceTimes {
  private final Profile profile;
  private final SplittableRandom random;
  /** The profile's measured sizes and their samples, unboxed: a draw is made for every batch. */
  private final int[] sizes;
  private final double[][] samplesMs;

  public ServiceTimes(Profile profile, long seed) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.random = new SplittableRandom(seed);
    List<BatchLatency> batches = profile.batches();
    this.sizes = batches.stream().mapToInt(BatchLatency::batchSize).toArray();
    this.samplesMs = batches.stream().map(b -> b.samplesMs().stream().mapToDouble(Double::doubleValue).toArray())
        .toArray(double[][]::new);
  }

  /** One draw for a batch of {@code items}, in nanoseconds. */
  public long drawNanos(int items) {
    if (items < 1) {
      throw new IllegalArgumentException("items = " + items + ", must be at least 1");
    }
    double scale = 1;
    int chosen = 0;
    while (chosen < sizes.length && sizes[chosen] < items) {
      chosen++;
    }
    if (chosen == sizes.length) {
      chosen--;
    }
    if (sizes[chosen] != items) {
      // between measured sizes (or past the largest): the samples of the size above, scaled to the
      // batch's own interpolated median, as every policy predicts it and the runtime behaves
      scale = profile.latencyMs(items, 0.5) / profile.batches().get(chosen).p50Ms();
    }
    double[] samples = samplesMs[chosen];
    double ms = samples[random.nextInt(samples.length)] * scale;
    return Math.max(0, Math.round(ms * 1e6));
  }
}
