package dev.cortado.control.scaling;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link ScalingPolicy} sees at one tick.
 *
 * @param tick the length of the tick the observations cover
 * @param variants one observation per variant under the policy's control
 * @param coreBudget cores the cluster may hand out in total
 * @param classes the request classes seen lately, with their shares, where the world learns them
 *     from the requests (a live server's router); empty where it does not, and the policy was
 *     given them (a simulator's scenario) or none are known
 */
public record ScalingContext(Duration tick, List<VariantObservation> variants, int coreBudget, Optional<ClassMix> classes) {
  /** A tick in a world that does not report request classes. */
  public ScalingContext(Duration tick, List<VariantObservation> variants, int coreBudget) {
    this(tick, variants, coreBudget, Optional.empty());
  }

  public ScalingContext {
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(classes, "classes");
    variants = List.copyOf(variants);
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick = " + tick + ", must be positive");
    }
    if (coreBudget < 1) {
      throw new IllegalArgumentException("coreBudget = " + coreBudget + ", must be at least 1");
    }
  }

  public double tickSeconds() {
    return tick.toNanos() / 1e9;
  }

  public Optional<VariantObservation> of(String variant) {
    return variants.stream().filter(v -> v.variant().equals(variant)).findFirst();
  }
}
