package dev.cortado.server.pipeline;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.Parameters;
import dev.cortado.server.routing.LatencyBudget;
import java.time.Instant;

/**
 * A pipeline request's deadline: arrival plus the tighter of its {@code latency_slo_ms} and its
 * schedule-policy {@code timeout} (µs), or plus the pipeline's {@code slo-ms} when it states
 * neither. Pure: the arrival comes in.
 */
final class EndToEndDeadline {
  /** About 31 years: a larger budget is as good as none and would overflow an instant. */
  private static final double MAX_MS = 1e12;

  private EndToEndDeadline() {}

  /** @throws CortadoException INVALID_ARGUMENT for a budget that is not a positive number */
  static Instant of(Parameters p, double defaultSloMs, Instant arrival) {
    double ms = LatencyBudget.ms(p).orElse(defaultSloMs);
    return arrival.plusNanos(Math.round(Math.min(ms, MAX_MS) * 1e6));
  }
}
