package dev.cortado.sim.run;

import dev.cortado.control.scaling.ScalingPolicy;

/** Builds the scaling policy a scenario names, for one run. */
@FunctionalInterface
public interface ScalingPolicyFactory {
  /** @throws dev.cortado.sim.scenario.ScenarioException naming the known policies when the name is unknown */
  ScalingPolicy create(PolicyInputs inputs);
}
