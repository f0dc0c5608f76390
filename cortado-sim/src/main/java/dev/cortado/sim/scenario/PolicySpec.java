package dev.cortado.sim.scenario;

import java.util.Objects;

/**
 * One policy under test: an autoscaler by name, with the batching its variants run.
 *
 * @param label how reports call it (defaults to the name, or {@code name+batching} when the batching
 *     differs from the scenario's)
 * @param name the scaling policy: {@code static}, {@code kpa}, {@code ray}, {@code infaas}, ...
 * @param batching the batching policy: {@code cortado}, {@code mlproxy}, {@code fixed}, {@code none}
 */
public record PolicySpec(String label, String name, String batching) {
  public PolicySpec {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(batching, "batching");
  }
}
