package dev.cortado.sim.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How one simulated variant is set up.
 *
 * @param instances instances serving it, each running one batch at a time
 * @param slo every request's latency objective: its deadline is its arrival plus this
 * @param queueCapacity the most requests its queue holds; one more is rejected at admission
 * @param seed the seed of its service-time draws
 */
public record SimulationSpec(int instances, Duration slo, int queueCapacity, long seed) {
  public SimulationSpec {
    Objects.requireNonNull(slo, "slo");
    if (instances < 1) {
      throw new IllegalArgumentException("instances = " + instances + ", must be at least 1");
    }
    if (slo.isNegative() || slo.isZero()) {
      throw new IllegalArgumentException("slo = " + slo + ", must be positive");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity = " + queueCapacity + ", must be at least 1");
    }
  }
}
