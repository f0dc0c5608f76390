package dev.cortado.control.selection;

import dev.cortado.core.profile.Profile;
import java.util.Objects;

/**
 * A variant able to serve a task, with the profile of the instance size it runs at.
 *
 * @param variant the model name
 * @param task the task it serves
 * @param accuracy its measured accuracy, in [0, 1]
 * @param maxBatchSize the largest batch it accepts; the queue ahead of a request drains in batches of
 *     up to this size
 * @param profile its profile at the instance size it runs at; {@code profile.variant()} is
 *     {@code variant}
 */
public record Candidate(String variant, String task, double accuracy, int maxBatchSize, Profile profile) {
  public Candidate {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(profile, "profile");
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("accuracy of " + variant + " = " + accuracy + ", must be in [0, 1]");
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize of " + variant + " = " + maxBatchSize + ", must be at least 1");
    }
    if (!profile.variant().equals(variant)) {
      throw new IllegalArgumentException("candidate " + variant + " carries the profile of " + profile.variant());
    }
  }

  /** Cores one more instance of it takes. */
  public int threads() {
    return profile.size().threads();
  }
}
