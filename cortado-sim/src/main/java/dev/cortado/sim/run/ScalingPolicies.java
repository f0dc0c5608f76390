package dev.cortado.sim.run;

import dev.cortado.control.batching.NoBatching;
import dev.cortado.control.scaling.InfaasScaling;
import dev.cortado.control.scaling.InstanceCapacity;
import dev.cortado.control.scaling.KpaScaling;
import dev.cortado.control.scaling.RayScaling;
import dev.cortado.control.scaling.ScaledVariant;
import dev.cortado.control.scaling.ScalingPolicy;
import dev.cortado.control.scaling.StaticScaling;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.scenario.RequestClass;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.trace.TraceRates;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scaling policies a scenario may name, built for one run. */
public final class ScalingPolicies {
  /** The names {@link #create} knows. */
  public static final List<String> NAMES = List.of(StaticScaling.NAME, KpaScaling.NAME, RayScaling.NAME, InfaasScaling.NAME);

  /** The utilisation the static provisioner sizes the peak for. */
  static final double STATIC_UTILISATION = 0.9;

  private ScalingPolicies() {}

  public static ScalingPolicy create(PolicyInputs in) {
    String name = in.policy().name();
    return switch (name) {
      case StaticScaling.NAME -> new StaticScaling(variants(in, 1), peaks(in), STATIC_UTILISATION);
      case KpaScaling.NAME -> new KpaScaling(variants(in, 0));
      case RayScaling.NAME -> new RayScaling(variants(in, 1));
      case InfaasScaling.NAME -> new InfaasScaling(variants(in, 1));
      default -> throw new ScenarioException("unknown scaling policy '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  /**
   * Each variant with what one instance sustains at the tightest class SLO, batching up to its max
   * batch (one without batching).
   */
  static List<ScaledVariant> variants(PolicyInputs in, int minInstances) {
    double sloMs = in.scenario().classes().stream().mapToDouble(RequestClass::sloMs).min().orElseThrow();
    boolean batching = !in.policy().batching().equals(NoBatching.NAME);
    int max = in.scenario().cluster().maxInstancesPerVariant();
    return in.variants().stream()
        .map(v -> new ScaledVariant(v.variant(), v.defaultSize(), capacity(v, sloMs, batching), minInstances, max))
        .toList();
  }

  private static InstanceCapacity capacity(VariantSetup v, double sloMs, boolean batching) {
    return InstanceCapacity.of(v.defaultProfile(), Duration.ofNanos(Math.round(sloMs * 1e6)), batching ? v.maxBatch() : 1);
  }

  private static Map<String, Double> peaks(PolicyInputs in) {
    Map<String, Double> peaks = new LinkedHashMap<>();
    in.trueRates().forEach((v, rates) -> peaks.put(v, TraceRates.peak(rates)));
    return peaks;
  }
}
