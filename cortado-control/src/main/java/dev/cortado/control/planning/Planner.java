package dev.cortado.control.planning;

/** Chooses what to deploy for a planning problem. A pure function: no clock, no I/O. */
public interface Planner {
  Plan plan(PlanningProblem problem);
}
