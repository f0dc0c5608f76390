package dev.cortado.control.scaling;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scaling policy is built from, in either world: the variants with their profiles, the SLO
 * they are scaled for, whether they batch, the prices, and what some policies need besides (the
 * static provisioner's peak rates, the forecasting policy's past and, for an oracle, its
 * forecasters).
 *
 * @param variants the variants to scale
 * @param sloMs the latency objective instances are sized for (the tightest the variants serve)
 * @param batching whether instances batch (up to each variant's max batch) or run one request at a time
 * @param cost the prices
 * @param startOverhead added to every profiled cold start (a process or container start)
 * @param maxInstances the most instances of one variant
 * @param peakRates per variant, the peak rate to provision for ({@code static} only)
 * @param histories per variant, the arrival rates seen before now ({@code cortado}); missing: none
 * @param forecasters per variant, a forecaster replacing the default one (an oracle's); missing: the default
 * @param classMix the request classes and what each variant serves, where given in advance (a
 *     scenario); unknown in a live server, which learns them as it goes ({@link ScalingContext#classes()})
 */
public record ScalingSetup(List<Variant> variants, double sloMs, boolean batching, CostModel cost, Duration startOverhead,
    int maxInstances, Map<String, Double> peakRates, Map<String, RateHistory> histories, Map<String, Forecaster> forecasters,
    ClassMix classMix) {

  /** A setup whose request classes are unknown (a live server's). */
  public ScalingSetup(List<Variant> variants, double sloMs, boolean batching, CostModel cost, Duration startOverhead,
      int maxInstances, Map<String, Double> peakRates, Map<String, RateHistory> histories, Map<String, Forecaster> forecasters) {
    this(variants, sloMs, batching, cost, startOverhead, maxInstances, peakRates, histories, forecasters, ClassMix.unknown());
  }

  public ScalingSetup {
    variants = List.copyOf(variants);
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(startOverhead, "startOverhead");
    peakRates = ordered(peakRates);
    histories = ordered(histories);
    forecasters = ordered(forecasters);
    Objects.requireNonNull(classMix, "classMix");
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("no variant to scale");
    }
    if (!(sloMs > 0) || maxInstances < 1) {
      throw new IllegalArgumentException("sloMs = " + sloMs + " must be > 0 and maxInstances = " + maxInstances + " >= 1");
    }
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /**
   * One variant: its largest batch, its profiles (one per measured size) and the size it runs at
   * unless a policy resizes it.
   */
  public record Variant(String variant, int maxBatch, List<Profile> profiles, InstanceSize defaultSize) {
    public Variant {
      Objects.requireNonNull(variant, "variant");
      profiles = List.copyOf(profiles);
      Objects.requireNonNull(defaultSize, "defaultSize");
      if (profiles.isEmpty() || maxBatch < 1) {
        throw new IllegalArgumentException("variant " + variant + " needs a profile and a max batch >= 1");
      }
    }

    /** The profile of the default size, or of the measured size with the nearest thread count. */
    public Profile defaultProfile() {
      Profile best = profiles.getFirst();
      for (Profile p : profiles) {
        if (Math.abs(p.size().threads() - defaultSize.threads()) < Math.abs(best.size().threads() - defaultSize.threads())) {
          best = p;
        }
      }
      return best;
    }
  }
}
