package dev.cortado.server.routing;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.Parameters;
import java.util.OptionalDouble;

/**
 * The latency a request allows, from its parameters: {@code latency_slo_ms} and the KServe
 * {@code timeout} (microseconds), the tighter of the two when both are given; empty when neither is.
 */
public final class LatencyBudget {
  private LatencyBudget() {}

  /** @throws CortadoException INVALID_ARGUMENT when either is not a positive number */
  public static OptionalDouble ms(Parameters p) {
    OptionalDouble slo = p.getDouble(TaskRouter.LATENCY_SLO_MS);
    OptionalDouble timeoutUs = p.getDouble(TaskRouter.TIMEOUT_US);
    if (slo.isPresent() && !(slo.getAsDouble() > 0)) {
      throw CortadoException.invalidArgument("%s = %s, must be a positive number of milliseconds", TaskRouter.LATENCY_SLO_MS,
          slo.getAsDouble());
    }
    if (timeoutUs.isPresent() && !(timeoutUs.getAsDouble() > 0)) {
      throw CortadoException.invalidArgument("%s = %s, must be a positive number of microseconds", TaskRouter.TIMEOUT_US,
          timeoutUs.getAsDouble());
    }
    if (timeoutUs.isPresent()) {
      double ms = timeoutUs.getAsDouble() / 1000.0;
      return OptionalDouble.of(slo.isPresent() ? Math.min(slo.getAsDouble(), ms) : ms);
    }
    return slo;
  }
}
