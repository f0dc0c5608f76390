package dev.cortado.control.selection;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a caller asks of a task: answer within a latency SLO, at least this accurate, at most this
 * expensive. Each bound is optional; an absent SLO accepts any latency, an absent accuracy floor is
 * 0 and an absent cost ceiling accepts any cost.
 *
 * @param task the task (use case) whose variants may answer
 * @param latencySloMs end-to-end latency the answer must arrive within, milliseconds, judged on p99
 * @param minAccuracy the least accuracy a variant may have, in [0, 1]
 * @param maxCostPer1k the most a thousand such requests may cost, in the cost model's currency
 */
public record Query(String task, OptionalDouble latencySloMs, OptionalDouble minAccuracy, OptionalDouble maxCostPer1k) {
  public Query {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(latencySloMs, "latencySloMs");
    Objects.requireNonNull(minAccuracy, "minAccuracy");
    Objects.requireNonNull(maxCostPer1k, "maxCostPer1k");
    if (task.isBlank()) {
      throw new IllegalArgumentException("task is blank");
    }
    latencySloMs.ifPresent(v -> require(v > 0 && Double.isFinite(v), "latencySloMs", v, "a finite number > 0"));
    minAccuracy.ifPresent(v -> require(v >= 0 && v <= 1, "minAccuracy", v, "in [0, 1]"));
    maxCostPer1k.ifPresent(v -> require(v >= 0 && !Double.isNaN(v), "maxCostPer1k", v, "a number >= 0"));
  }

  /** A query with no bounds: any variant of the task, at any latency and cost. */
  public static Query forTask(String task) {
    return new Query(task, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
  }

  public Query withLatencySloMs(double ms) {
    return new Query(task, OptionalDouble.of(ms), minAccuracy, maxCostPer1k);
  }

  public Query withMinAccuracy(double accuracy) {
    return new Query(task, latencySloMs, OptionalDouble.of(accuracy), maxCostPer1k);
  }

  public Query withMaxCostPer1k(double cost) {
    return new Query(task, latencySloMs, minAccuracy, OptionalDouble.of(cost));
  }

  /** The accuracy floor, 0 when none was given. */
  public double accuracyFloor() {
    return minAccuracy.orElse(0);
  }

  /** Whether a latency, in milliseconds, is within the SLO (always, when there is none). */
  public boolean withinSlo(double latencyMs) {
    return latencySloMs.isEmpty() || latencyMs <= latencySloMs.getAsDouble();
  }

  /** Whether a cost per thousand requests is within the ceiling (always, when there is none). */
  public boolean withinCost(double costPer1k) {
    return maxCostPer1k.isEmpty() || costPer1k <= maxCostPer1k.getAsDouble();
  }

  private static void require(boolean ok, String name, double value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(name + " = " + value + ", must be " + expected);
    }
  }
}
