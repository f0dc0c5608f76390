package dev.cortado.sim.cluster;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One variant as the simulator knows it: its task, accuracy, batch limit and its profiles, one per
 * instance size measured.
 *
 * @param variant the model name
 * @param task what it answers
 * @param accuracy its measured accuracy
 * @param maxBatch the largest batch it takes
 * @param profiles one per instance size, any order
 * @param defaultSize the size instances start at unless a policy asks for another
 */
public record VariantSetup(String variant, String task, double accuracy, int maxBatch, List<Profile> profiles,
    InstanceSize defaultSize) {
  public VariantSetup {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(defaultSize, "defaultSize");
    profiles = profiles.stream().sorted(Comparator.comparingInt(p -> p.size().threads())).toList();
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("variant " + variant + " has no profile to simulate it by");
    }
    for (Profile p : profiles) {
      if (!p.variant().equals(variant)) {
        throw new IllegalArgumentException("variant " + variant + " carries the profile of " + p.variant());
      }
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch of " + variant + " = " + maxBatch + ", must be at least 1");
    }
  }

  /** The profile of {@code size}, or of the measured size with the nearest thread count. */
  public Profile profile(InstanceSize size) {
    Profile best = profiles.getFirst();
    for (Profile p : profiles) {
      if (Math.abs(p.size().threads() - size.threads()) < Math.abs(best.size().threads() - size.threads())) {
        best = p;
      }
    }
    return best;
  }

  /** The profile of the default size. */
  public Profile defaultProfile() {
    return profile(defaultSize);
  }
}
