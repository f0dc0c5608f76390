package dev.cortado.control.scaling;

import dev.cortado.core.model.InstanceSize;
import java.util.List;
import java.util.Objects;

/**
 * The instances a policy wants, per variant, with its reasons: a value that can be logged, shown
 * and tested.
 */
public record ScalingDecision(List<Target> targets) {
  public ScalingDecision {
    targets = List.copyOf(targets);
  }

  public static ScalingDecision of(Target... targets) {
    return new ScalingDecision(List.of(targets));
  }

  /**
   * @param variant the model name
   * @param instances how many instances should be ready or starting; 0 scales it to zero
   * @param size the size they should have
   * @param reason why, with the figures that decided it
   */
  public record Target(String variant, int instances, InstanceSize size, String reason) {
    public Target {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(reason, "reason");
      if (instances < 0) {
        throw new IllegalArgumentException("instances = " + instances + " for " + variant + ", must be >= 0");
      }
    }
  }
}
