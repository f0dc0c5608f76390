package dev.cortado.sim.run;

import dev.cortado.control.forecast.RateHistory;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.scenario.PolicySpec;
import dev.cortado.sim.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a scaling policy may be built from before a run: the scenario, the variants, and the load the
 * window will bring (the true rate per variant and second, for the static provisioner's peak and for
 * an oracle; policies that forecast must not read it).
 *
 * @param scenario the scenario
 * @param policy the policy to build
 * @param variants the variants served
 * @param trueRates per variant, the rate each second of the window would bring it if every request
 *     of a class went to the variant the class prefers when idle
 * @param rateStep the step of {@code trueRates}
 * @param histories per variant, the per-minute rates of the trace before the window (up to
 *     {@link PolicyRun#HISTORY}), ending at the simulation's origin: what a system already running
 *     would have seen
 */
public record PolicyInputs(Scenario scenario, PolicySpec policy, List<VariantSetup> variants, Map<String, double[]> trueRates,
    Duration rateStep, Map<String, RateHistory> histories) {
  public PolicyInputs {
    variants = List.copyOf(variants);
    trueRates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trueRates));
    histories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(histories));
  }
}
