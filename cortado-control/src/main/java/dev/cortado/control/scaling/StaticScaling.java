package dev.cortado.control.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Static provisioning ({@code static}): a fixed number of instances per variant, enough for the
 * peak arrival rate of the whole window at a target utilisation, {@code instances =
 * ceil(peakRate / (throughput × utilisation))} within the variant's bounds, asked for at every tick
 * and never changed. This is what most serving systems do without an autoscaler (INFaaS's
 * {@code StaticScaler} in {@code src/worker/autoscaler.cc} keeps a fixed count per variant too),
 * and the reference the reactive baselines are compared against: it is told the window's peak in
 * advance, which no online policy knows.
 */
public final class StaticScaling implements ScalingPolicy {
  public static final String NAME = "static";

  private final Map<String, ScalingDecision.Target> targets = new HashMap<>();

  /**
   * @param variants the variants it provisions
   * @param peakRates each variant's peak arrival rate over the window, requests per second
   * @param utilisation the share of an instance's throughput it plans to use, in (0, 1]
   */
  public StaticScaling(List<ScaledVariant> variants, Map<String, Double> peakRates, double utilisation) {
    Objects.requireNonNull(peakRates, "peakRates");
    if (!(utilisation > 0 && utilisation <= 1)) {
      throw new IllegalArgumentException("utilisation = " + utilisation + ", must be in (0, 1]");
    }
    Map<String, ScaledVariant> byName = ScaledVariant.byName(variants);
    for (String name : peakRates.keySet()) {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException("peak rate given for " + name + ", which is not a scaled variant");
      }
    }
    for (ScaledVariant v : byName.values()) {
      Double peak = peakRates.get(v.variant());
      if (peak == null || !(peak >= 0) || peak.isInfinite()) {
        throw new IllegalArgumentException("peak rate of " + v.variant() + " = " + peak + ", must be finite and >= 0");
      }
      int instances = v.bounded(v.capacity().instancesFor(peak, utilisation));
      String reason = String.format(Locale.ROOT, "static: peak %.2f/s at %.0f%% of %.2f/s per instance -> %d", peak,
          utilisation * 100, v.capacity().throughputPerSecond(), instances);
      targets.put(v.variant(), new ScalingDecision.Target(v.variant(), instances, v.size(), reason));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingDecision decide(ScalingContext context, Instant now) {
    List<ScalingDecision.Target> decided = new ArrayList<>();
    for (VariantObservation observed : context.variants()) {
      ScalingDecision.Target target = targets.get(observed.variant());
      if (target != null) {
        decided.add(target);
      }
    }
    return new ScalingDecision(decided);
  }
}
