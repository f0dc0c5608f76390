package dev.cortado.sim.run;

import dev.cortado.control.batching.NoBatching;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.scaling.ClassMix;
import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.control.scaling.ScalingPolicy;
import dev.cortado.control.scaling.ScalingSetup;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.scenario.RequestClass;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.trace.TraceRates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scaling policies a scenario may name: those of {@link dev.cortado.control.scaling.ScalingPolicies},
 * built from the scenario (with its request classes, which {@code planned} plans for), plus {@code oracle}:
 * Cortado's autoscaler fed the window's true future rates.
 */
public final class ScalingPolicies {
  /** Cortado's autoscaler with a perfect forecast. */
  public static final String ORACLE = "oracle";

  /** The names {@link #create} knows. */
  public static final List<String> NAMES;

  static {
    List<String> names = new ArrayList<>(dev.cortado.control.scaling.ScalingPolicies.NAMES);
    names.add(ORACLE);
    NAMES = List.copyOf(names);
  }

  private ScalingPolicies() {}

  public static ScalingPolicy create(PolicyInputs in) {
    String name = in.policy().name();
    if (!NAMES.contains(name)) {
      throw new ScenarioException("unknown scaling policy '" + name + "'; known: " + String.join(", ", NAMES));
    }
    boolean oracle = name.equals(ORACLE);
    CortadoScaling.Settings settings = CortadoScaling.Settings.defaults();
    if (in.policy().utilisation().isPresent()) {
      settings = settings.withTargetUtilisation(in.policy().utilisation().getAsDouble());
    }
    return dev.cortado.control.scaling.ScalingPolicies.create(oracle ? CortadoScaling.NAME : name, setup(in, oracle), settings);
  }

  static ScalingSetup setup(PolicyInputs in, boolean oracle) {
    double sloMs = in.scenario().classes().stream().mapToDouble(RequestClass::sloMs).min().orElseThrow();
    boolean batching = !in.policy().batching().equals(NoBatching.NAME);
    List<ScalingSetup.Variant> variants = in.variants().stream()
        .map(v -> new ScalingSetup.Variant(v.variant(), v.maxBatch(), usable(v, in), v.defaultSize()))
        .toList();
    Map<String, Double> peaks = new LinkedHashMap<>();
    in.trueRates().forEach((v, rates) -> peaks.put(v, TraceRates.peak(rates)));
    Map<String, Forecaster> forecasters = new LinkedHashMap<>();
    Map<String, RateHistory> histories = new LinkedHashMap<>(in.histories());
    if (oracle) {
      for (VariantSetup v : in.variants()) {
        forecasters.put(v.variant(), new OracleForecaster(Instant.EPOCH, in.trueRates().get(v.variant())));
        histories.put(v.variant(), new RateHistory(Instant.EPOCH, Duration.ofSeconds(1), new double[0]));
      }
    }
    return new ScalingSetup(variants, sloMs, batching, in.scenario().cost(), in.scenario().cluster().startOverhead(),
        in.scenario().cluster().maxInstancesPerVariant(), peaks, histories, forecasters, classMix(in));
  }

  /** The scenario's request classes and each variant's task and accuracy, for the planner-driven policy. */
  private static ClassMix classMix(PolicyInputs in) {
    List<ClassMix.ClassShare> classes = in.scenario().classes().stream()
        .map(c -> new ClassMix.ClassShare(c.name(), c.task(), c.sloMs(), c.minAccuracy(), c.share()))
        .toList();
    Map<String, ClassMix.VariantFacts> facts = new LinkedHashMap<>();
    in.variants().forEach(v -> facts.put(v.variant(), new ClassMix.VariantFacts(v.task(), v.accuracy())));
    return new ClassMix(classes, facts);
  }

  /** The profiles of sizes the cluster's budget can hold. */
  private static List<dev.cortado.core.profile.Profile> usable(VariantSetup v, PolicyInputs in) {
    List<dev.cortado.core.profile.Profile> fit = v.profiles().stream()
        .filter(p -> p.size().threads() <= in.scenario().cluster().coreBudget())
        .toList();
    return fit.isEmpty() ? v.profiles() : fit;
  }
}
