package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides, once per tick, how many instances of each variant should run and at what size.
 *
 * <p>A policy may keep state between ticks (windows of past observations, how long a condition has
 * held), but that state follows from the contexts it was given and their {@code now}s alone: it
 * reads no clock, so a manual clock or the simulator drives it exactly.
 */
public interface ScalingPolicy {
  /** The name scenarios and flags select it by, e.g. {@code kpa}. */
  String name();

  /** How often the control loop should call {@link #decide}. */
  default Duration tick() {
    return Duration.ofSeconds(1);
  }

  /**
   * The targets for the variants in {@code context}; a variant the decision leaves out keeps what
   * it has.
   */
  ScalingDecision decide(ScalingContext context, Instant now);

  /**
   * The arrival rate the policy provisioned {@code variant} for at its last decision (its forecast's
   * upper quantile), for reports; NaN for policies that do not forecast.
   */
  default double forecastRate(String variant) {
    return Double.NaN;
  }
}
