package dev.cortado.control.planning;

import java.time.Duration;
import java.util.Objects;

/**
 * How a plan was found.
 *
 * @param status what is known about it
 * @param gap the relative optimality gap {@code (cost - lower bound) / cost}; 0 when proven optimal,
 *     NaN when no bound is known (heuristics, no solution)
 * @param solveTime the solver's own wall time (OR-Tools' {@code wallTime()}); zero for planners
 *     without a solver, which decision code may not time itself: {@code PlannerTiming} measures them
 */
public record SolveReport(SolveStatus status, double gap, Duration solveTime) {
  public SolveReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(solveTime, "solveTime");
  }

  public static SolveReport heuristic(SolveStatus status) {
    return new SolveReport(status, Double.NaN, Duration.ZERO);
  }
}
