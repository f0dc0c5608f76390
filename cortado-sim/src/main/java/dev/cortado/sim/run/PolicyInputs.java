package dev.cortado.sim.run;

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
 */
public record PolicyInputs(Scenario scenario, PolicySpec policy, List<VariantSetup> variants, Map<String, double[]> trueRates,
    Duration rateStep) {
  public PolicyInputs {
    variants = List.copyOf(variants);
    trueRates = Map.copyOf(trueRates);
  }
}
