package dev.cortado.sim.engine;

import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How long a batch takes, drawn from a profile's raw samples: a batch of {@code b} items takes a
 * sample of the smallest measured batch size at or above {@code b}; past the largest measured size, a
 * sample of the largest scaled by {@code profile.latencyMs(b, 0.5) / largest.p50Ms()}.
 */
public final class ServiceTimes {
  private final Profile profile;
  private final SplittableRandom random;

  public ServiceTimes(Profile profile, long seed) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.random = new SplittableRandom(seed);
  }

  /** One draw for a batch of {@code items}, in nanoseconds. */
  public long drawNanos(int items) {
    if (items < 1) {
      throw new IllegalArgumentException("items = " + items + ", must be at least 1");
    }
    double scale = 1;
    BatchLatency chosen = null;
    for (BatchLatency b : profile.batches()) {
      if (b.batchSize() >= items) {
        chosen = b;
        break;
      }
    }
    if (chosen == null) {
      chosen = profile.batches().getLast();
      scale = profile.latencyMs(items, 0.5) / chosen.p50Ms();
    }
    List<Double> samples = chosen.samplesMs();
    double ms = samples.get(random.nextInt(samples.size())) * scale;
    return Math.max(0, Math.round(ms * 1e6));
  }
}
