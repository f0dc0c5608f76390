package dev.cortado.control.planning;

/** What a planner knows about its answer. */
public enum SolveStatus {
  /** Feasible and proven cheapest (within the reported gap's tolerance). */
  OPTIMAL,
  /** Feasible; not proven cheapest (a heuristic, or the time limit ran out first). */
  FEASIBLE,
  /** Proven to have no feasible plan, or (a heuristic) found none: the plan is empty. */
  INFEASIBLE,
  /** The time limit ran out before any feasible plan was found or ruled out: the plan is empty. */
  UNKNOWN;

  /** Whether the plan carries a solution. */
  public boolean hasSolution() {
    return this == OPTIMAL || this == FEASIBLE;
  }
}
