package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The shape the reactive baselines share ({@code kpa}, {@code ray}, {@code infaas}): each variant
 * decided on its own, from what was observed of it over the tick; a variant observed but not given
 * to the policy, or given but not observed, gets no target.
 */
abstract class PerVariantScaling implements ScalingPolicy {
  private final String name;
  private final Duration tick;
  private final Map<String, ScaledVariant> variants;

  PerVariantScaling(String name, Duration tick, List<ScaledVariant> variants) {
    this.name = Objects.requireNonNull(name, "name");
    this.tick = Objects.requireNonNull(tick, "tick");
    this.variants = ScaledVariant.byName(variants);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Duration tick() {
    return tick;
  }

  @Override
  public final ScalingDecision decide(ScalingContext context, Instant now) {
    List<ScalingDecision.Target> targets = new ArrayList<>();
    for (VariantObservation observed : context.variants()) {
      ScaledVariant variant = variants.get(observed.variant());
      if (variant != null) {
        targets.add(decide(variant, observed, context, now));
      }
    }
    return new ScalingDecision(targets);
  }

  /** One variant's target from what was observed of it over the tick that ended at {@code now}. */
  abstract ScalingDecision.Target decide(ScaledVariant variant, VariantObservation observed, ScalingContext context,
      Instant now);
}
