package dev.cortado.control.planning;

import dev.cortado.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stage of a pipeline and the configurations it may run in.
 *
 * @param name unique within the pipeline
 * @param options at least one
 */
public record Stage(String name, List<StageOption> options) {
  public Stage {
    Objects.requireNonNull(name, "name");
    options = List.copyOf(options);
    if (options.isEmpty()) {
      throw new IllegalArgumentException("stage " + name + " has no configuration to choose from");
    }
  }

  /**
   * The options a stage's profiles give: for every profile (instance size) and every batch size
   * {@code 1, 2, 4, …} up to {@code maxBatch}, the profile's latency at {@code quantile}.
   */
  public static Stage fromProfiles(String name, List<Profile> profiles, int maxBatch, double quantile) {
    List<StageOption> options = new ArrayList<>();
    for (Profile p : profiles) {
      for (int b = 1; b <= maxBatch; b *= 2) {
        options.add(new StageOption(p.size(), b, p.latencyMs(b, quantile)));
      }
    }
    return new Stage(name, options);
  }
}
