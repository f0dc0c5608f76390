package dev.cortado.sim.scenario;

import java.util.Objects;

/**
 * One kind of request in a scenario's mix.
 *
 * @param name how reports call it
 * @param task the task its queries name
 * @param sloMs its latency objective
 * @param minAccuracy its accuracy floor, 0 for none
 * @param share its fraction of the arrivals (the shares are normalised)
 */
public record RequestClass(String name, String task, double sloMs, double minAccuracy, double share) {
  public RequestClass {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    if (!(sloMs > 0) || Double.isInfinite(sloMs)) {
      throw new ScenarioException("class " + name + ": slo_ms = " + sloMs + ", must be a finite number > 0");
    }
    if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new ScenarioException("class " + name + ": min_accuracy = " + minAccuracy + ", must be in [0, 1]");
    }
    if (!(share > 0) || Double.isInfinite(share)) {
      throw new ScenarioException("class " + name + ": share = " + share + ", must be a finite number > 0");
    }
  }
}
