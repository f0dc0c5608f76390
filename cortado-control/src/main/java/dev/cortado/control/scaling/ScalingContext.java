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
 */
public record ScalingContext(Duration tick, List<VariantObservation> variants, int coreBudget) {
  public ScalingContext {
    Objects.requireNonNull(tick, "tick");
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
