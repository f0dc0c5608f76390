package dev.cortado.control.planning;

import java.util.Objects;

/**
 * One class of demand the plan must serve: requests for a task that need an answer within an SLO,
 * from a variant at least this accurate, arriving at a forecast rate.
 *
 * @param name unique among the problem's classes
 * @param task the task its requests name
 * @param sloMs the latency each request must meet, in milliseconds
 * @param accuracyFloor the least accuracy a variant serving it may have, in [0, 1]
 * @param ratePerSecond the forecast arrival rate, requests per second
 */
public record RequestClass(String name, String task, double sloMs, double accuracyFloor, double ratePerSecond) {
  public RequestClass {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    if (!(sloMs > 0) || !Double.isFinite(sloMs)) {
      throw new IllegalArgumentException("sloMs of class " + name + " = " + sloMs + ", must be a finite number > 0");
    }
    if (!(accuracyFloor >= 0 && accuracyFloor <= 1)) {
      throw new IllegalArgumentException("accuracyFloor of class " + name + " = " + accuracyFloor + ", must be in [0, 1]");
    }
    if (!(ratePerSecond >= 0) || !Double.isFinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond of class " + name + " = " + ratePerSecond
          + ", must be a finite number >= 0");
    }
  }
}
