package dev.cortado.server.control;

import dev.cortado.control.batching.BatchingConfig;
import dev.cortado.control.batching.NoBatching;
import dev.cortado.control.cost.CostModel;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.scaling.ScalingSetup;
import dev.cortado.core.profile.Profile;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.repository.ModelVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ScalingSetup} of the variants a server serves now, task variants and plain models
 * alike: each with its profiles ({@link KnownProfiles}), its largest batch from its config (1 when
 * it does not batch: no batch dimension, or batching policy {@code none}), the tightest default SLO
 * among them, Cloud Run's prices, no start overhead beyond the profiled cold start (instances load
 * in this process), and at most one instance per core of the budget. Each variant's arrival
 * history starts empty at {@code now} (its forecast begins once a forecast step has passed). A live
 * server knows no peak rate in advance: each is given as 0, so {@code static} keeps every variant at
 * one instance.
 */
public final class ServingSetup {
  private final KnownProfiles profiles;
  private final Batchers batchers;
  private final CostModel cost;

  public ServingSetup(KnownProfiles profiles, Batchers batchers, CostModel cost) {
    this.profiles = profiles;
    this.batchers = batchers;
    this.cost = cost;
  }

  /** The step of the arrival history a forecasting policy keeps. */
  public static final Duration HISTORY_STEP = Duration.ofMinutes(1);

  /**
   * The setup for {@code serving} at {@code now}; variants with no known profile are left out and
   * named in {@code unprofiled}; empty when none is left.
   */
  public Optional<ScalingSetup> of(List<ModelVersion> serving, int coreBudget, Instant now, List<String> unprofiled) {
    Map<String, List<Profile>> known = profiles.of(serving, coreBudget);
    List<ScalingSetup.Variant> variants = new ArrayList<>();
    double sloMs = Double.POSITIVE_INFINITY;
    for (ModelVersion mv : serving) {
      List<Profile> measured = known.get(mv.name());
      if (measured == null) {
        unprofiled.add(mv.name());
        continue;
      }
      BatchingConfig batching = Batchers.config(mv.config());
      boolean batches = mv.config().maxBatchSize() > 0 && !batchers.policyName(mv).equals(NoBatching.NAME);
      variants.add(new ScalingSetup.Variant(mv.name(), batches ? batching.maxBatch() : 1, measured, mv.config().instanceSize()));
      sloMs = Math.min(sloMs, batching.defaultSloMs());
    }
    if (variants.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Double> noPeaks = new LinkedHashMap<>();
    Map<String, RateHistory> fromNow = new LinkedHashMap<>();
    for (ScalingSetup.Variant v : variants) {
      noPeaks.put(v.variant(), 0.0);
      fromNow.put(v.variant(), new RateHistory(now, HISTORY_STEP, new double[0]));
    }
    return Optional.of(new ScalingSetup(variants, sloMs, true, cost, Duration.ZERO, coreBudget, noPeaks, fromNow, Map.of()));
  }
}
