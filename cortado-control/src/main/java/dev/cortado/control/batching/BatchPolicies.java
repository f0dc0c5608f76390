package dev.cortado.control.batching;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.profile.Profile;
import java.util.List;
import java.util.Objects;

/** The batching policies configuration may name. */
public final class BatchPolicies {
  /** The names {@link #byName} knows, the default first. */
  public static final List<String> NAMES = List.of(CortadoBatching.NAME, MlproxyBatching.NAME, FixedBatching.NAME, NoBatching.NAME);

  private BatchPolicies() {}

  /**
   * A new policy, with its own learned state, for one variant.
   *
   * @param profile the variant's profile at its instance size; {@code cortado} and {@code mlproxy}
   *     need it, {@code fixed} and {@code none} accept null
   * @throws CortadoException INVALID_ARGUMENT naming the known policies when the name is unknown, or
   *     when the policy needs a profile and has none
   */
  public static BatchPolicy byName(String name, Profile profile, BatchingConfig config) {
    Objects.requireNonNull(config, "config");
    return switch (name) {
      case CortadoBatching.NAME -> new CortadoBatching(needed(name, profile), config.maxBatch(), config.cortadoSettings());
      case MlproxyBatching.NAME -> new MlproxyBatching(needed(name, profile), config.defaultSloMs(), config.mlproxyInitialBatch(),
          config.maxBatch(), config.mlproxySettings());
      case FixedBatching.NAME -> new FixedBatching(config.maxBatch(), config.maxQueueDelay());
      case NoBatching.NAME -> new NoBatching();
      case null, default -> throw CortadoException.invalidArgument(
          "unknown batching policy '%s'; known policies: %s", name, String.join(", ", NAMES));
    };
  }

  private static Profile needed(String name, Profile profile) {
    if (profile == null) {
      throw CortadoException.invalidArgument(
          "batching policy '%s' predicts batch latency and needs the variant's profile; profile it first (cortado profile), "
              + "or use '%s' or '%s'", name, FixedBatching.NAME, NoBatching.NAME);
    }
    return profile;
  }
}
