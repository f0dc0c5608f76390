package dev.cortado.control.planning;

import java.util.Objects;

/** The share of a request class's traffic sent to one variant, in requests per second. */
public record Route(String requestClass, String variant, double ratePerSecond) {
  public Route {
    Objects.requireNonNull(requestClass, "requestClass");
    Objects.requireNonNull(variant, "variant");
    if (!Double.isFinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate of " + requestClass + " on " + variant + " = " + ratePerSecond);
    }
  }
}
