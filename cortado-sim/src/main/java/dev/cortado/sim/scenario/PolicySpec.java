package dev.cortado.sim.scenario;

import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.control.scaling.PlannedScaling;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One policy under test: an autoscaler by name, with the batching its variants run.
 *
 * @param label how reports call it (defaults to the name, or {@code name+batching} when the batching
 *     differs from the scenario's)
 * @param name the scaling policy: {@code static}, {@code kpa}, {@code ray}, {@code infaas}, ...
 * @param batching the batching policy: {@code cortado}, {@code mlproxy}, {@code fixed}, {@code none}
 * @param utilisation the share of an instance's measured throughput the policy plans to use, for the
 *     policies that take it ({@link #TAKES_UTILISATION}); empty for the policy's default
 */
public record PolicySpec(String label, String name, String batching, OptionalDouble utilisation) {
  /**
   * The policies whose target utilisation a scenario may set: Cortado's autoscaler and those built on its settings
   * ({@code oracle} is {@link dev.cortado.sim.run.ScalingPolicies#ORACLE}).
   */
  public static final List<String> TAKES_UTILISATION = List.of(CortadoScaling.NAME, "oracle", PlannedScaling.NAME);

  public PolicySpec {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(utilisation, "utilisation");
    if (utilisation.isPresent()) {
      double u = utilisation.getAsDouble();
      if (!(u > 0 && u <= 1)) {
        throw new ScenarioException("policy " + label + ": utilisation = " + u + ", must be in (0, 1]");
      }
      if (!TAKES_UTILISATION.contains(name)) {
        throw new ScenarioException("policy " + label + ": utilisation applies only to " + String.join(", ", TAKES_UTILISATION)
            + ", not to " + name);
      }
    }
  }

  /** A policy at its default utilisation. */
  public PolicySpec(String label, String name, String batching) {
    this(label, name, batching, OptionalDouble.empty());
  }

  /** The same policy planning to use {@code u} of each instance's throughput, where it takes a utilisation; else itself. */
  public PolicySpec withUtilisation(double u) {
    return TAKES_UTILISATION.contains(name) ? new PolicySpec(label, name, batching, OptionalDouble.of(u)) : this;
  }
}
