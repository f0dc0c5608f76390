package dev.cortado.server.pipeline;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.Parameters;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A pipeline request's deadline: arrival plus the tighter of its {@code latency_slo_ms} and its
 * schedule-policy {@code timeout} (µs), or plus the pipeline's {@code slo-ms} when it states
 * neither. Pure: the arrival comes in.
 */
final class EndToEndDeadline {
  static final String LATENCY_SLO_MS = "latency_slo_ms";
  static final String TIMEOUT_US = "timeout";
  /** About 31 years: a larger budget is as good as none and would overflow an instant. */
  private static final double MAX_MS = 1e12;

  private EndToEndDeadline() {}

  /** @throws CortadoException INVALID_ARGUMENT for a budget that is not a positive number */
  static Instant of(Parameters p, double defaultSloMs, Instant arrival) {
    OptionalDouble slo = p.getDouble(LATENCY_SLO_MS);
    OptionalDouble timeoutUs = p.getDouble(TIMEOUT_US);
    if (slo.isPresent() && !(slo.getAsDouble() > 0)) {
      throw CortadoException.invalidArgument("%s = %s, must be a positive number of milliseconds", LATENCY_SLO_MS, slo.getAsDouble());
    }
    if (timeoutUs.isPresent() && !(timeoutUs.getAsDouble() > 0)) {
      throw CortadoException.invalidArgument("%s = %s, must be a positive number of microseconds", TIMEOUT_US, timeoutUs.getAsDouble());
    }
    double ms = defaultSloMs;
    if (slo.isPresent() || timeoutUs.isPresent()) {
      ms = Math.min(slo.orElse(Double.POSITIVE_INFINITY), timeoutUs.orElse(Double.POSITIVE_INFINITY) / 1000.0);
    }
    return arrival.plusNanos(Math.round(Math.min(ms, MAX_MS) * 1e6));
  }
}
