package dev.cortado.control.scaling;

import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.Forecasters;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.planning.MipPlanner;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scaling policies configuration may name, built the same way for the server and the simulator. */
public final class ScalingPolicies {
  /** The names {@link #create} knows. */
  public static final List<String> NAMES = List.of(CortadoScaling.NAME, KpaScaling.NAME, RayScaling.NAME, InfaasScaling.NAME,
      StaticScaling.NAME, PlannedScaling.NAME);

  /** The utilisation the static provisioner sizes the peak for. */
  public static final double STATIC_UTILISATION = 0.9;

  private ScalingPolicies() {}

  /**
   * A new policy, with its own state.
   *
   * @throws CortadoException INVALID_ARGUMENT naming the known policies when the name is unknown
   */
  public static ScalingPolicy create(String name, ScalingSetup setup) {
    return create(name, setup, CortadoScaling.Settings.defaults());
  }

  /**
   * A new policy; {@code cortado} with the given settings (a live server's tests shorten its delays), and
   * {@code planned} with what it shares with them (its plans by {@link MipPlanner}, SCIP with a 1 s limit).
   */
  public static ScalingPolicy create(String name, ScalingSetup setup, CortadoScaling.Settings cortado) {
    return switch (name) {
      case StaticScaling.NAME -> new StaticScaling(scaled(setup, 1), setup.peakRates(), STATIC_UTILISATION);
      case KpaScaling.NAME -> new KpaScaling(scaled(setup, 0));
      case RayScaling.NAME -> new RayScaling(scaled(setup, 1));
      case InfaasScaling.NAME -> new InfaasScaling(scaled(setup, 1));
      case CortadoScaling.NAME -> cortado(setup, cortado);
      case PlannedScaling.NAME -> new PlannedScaling(setup, new MipPlanner(), PlannedScaling.Settings.from(cortado));
      case null, default -> throw CortadoException.invalidArgument("unknown scaling policy '%s'; known policies: %s", name,
          String.join(", ", NAMES));
    };
  }

  /** Cortado's autoscaler, moving request classes between variants where the setup knows them. */
  private static CortadoScaling cortado(ScalingSetup setup, CortadoScaling.Settings settings) {
    List<ForecastedVariant> variants = forecasted(setup);
    Map<String, Double> p99 = new LinkedHashMap<>();
    Map<String, Double> costAlone = new LinkedHashMap<>();
    for (ScalingSetup.Variant v : setup.variants()) {
      p99.put(v.variant(), v.defaultProfile().latencyMs(1, 0.99));
      costAlone.put(v.variant(), setup.cost().costPerRequest(v.defaultProfile(), 1));
    }
    return new CortadoScaling(variants, settings, Consolidation.of(setup.classMix(), variants, p99, costAlone, settings));
  }

  /** Each variant at its default size, with what one instance sustains at the SLO. */
  static List<ScaledVariant> scaled(ScalingSetup setup, int minInstances) {
    return setup.variants().stream()
        .map(v -> new ScaledVariant(v.variant(), v.defaultProfile().size(), capacity(setup, v, v.defaultProfile()), minInstances,
            setup.maxInstances()))
        .toList();
  }

  /** Each variant at every profiled size, its past and its forecaster. */
  static List<ForecastedVariant> forecasted(ScalingSetup setup) {
    List<ForecastedVariant> out = new ArrayList<>();
    for (ScalingSetup.Variant v : setup.variants()) {
      List<SizeOption> sizes = new ArrayList<>();
      sizes.add(option(setup, v, v.defaultProfile()));
      for (Profile p : v.profiles()) {
        if (!p.size().equals(v.defaultProfile().size())) {
          sizes.add(option(setup, v, p));
        }
      }
      Forecaster forecaster = setup.forecasters().getOrDefault(v.variant(), Forecasters.defaultForecaster());
      RateHistory history = setup.histories().getOrDefault(v.variant(),
          new RateHistory(Instant.EPOCH, Duration.ofMinutes(1), new double[0]));
      out.add(new ForecastedVariant(v.variant(), sizes, forecaster, history, setup.maxInstances(), setup.sloMs()));
    }
    return out;
  }

  private static SizeOption option(ScalingSetup setup, ScalingSetup.Variant v, Profile p) {
    return new SizeOption(p.size(), capacity(setup, v, p), setup.cost().costPerSecond(p.size(), p.memoryBytes()),
        p.coldStartMs() / 1000 + setup.startOverhead().toNanos() / 1e9);
  }

  private static InstanceCapacity capacity(ScalingSetup setup, ScalingSetup.Variant v, Profile p) {
    return InstanceCapacity.of(p, Duration.ofNanos(Math.round(setup.sloMs() * 1e6)), setup.batching() ? v.maxBatch() : 1);
  }
}
