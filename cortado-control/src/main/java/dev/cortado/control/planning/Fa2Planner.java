package dev.cortado.control.planning;

import dev.cortado.core.error.CortadoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * FA2's planner: per stage the batch size, instance size and instance count that minimise the
 * pipeline's cores, subject to every stage sustaining the arrival rate and the critical path of
 * {@code latency(b) + (b − 1) / λ} meeting the SLO. A dynamic programme over a series-parallel
 * decomposition of the DAG ({@link SeriesParallel}) and a latency budget discretised in steps of
 * {@code stepMs} ({@link LatencyBudgetDp}).
 *
 * <p>The grid runs twice: with delays rounded up it gives the plan (always feasible); with delays
 * rounded down it gives a lower bound on the true optimum. When the two agree the plan is
 * {@link SolveStatus#OPTIMAL}; otherwise it is {@link SolveStatus#FEASIBLE} with the gap between them.
 * A DAG that is not series-parallel is refused: {@link MipPipelinePlanner} solves any DAG.
 */
public final class Fa2Planner implements PipelinePlanner {
  /** The grid never has more cells than this; a longer SLO gets a coarser step. */
  static final int MAX_CELLS = 100_000;

  /** The grid's step in milliseconds; 0: the SLO over {@link #MAX_CELLS}, the finest grid allowed. */
  private final double stepMs;

  /**
   * The finest grid: {@link #MAX_CELLS} cells over the SLO (2.5 µs steps for a 250 ms SLO), which
   * costs the same for every SLO.
   */
  public Fa2Planner() {
    this.stepMs = 0;
  }

  /** A grid in steps of {@code stepMs}, coarser where the SLO needs more than {@link #MAX_CELLS} of them. */
  public Fa2Planner(double stepMs) {
    if (!(stepMs > 0) || !Double.isFinite(stepMs)) {
      throw new IllegalArgumentException("stepMs = " + stepMs + ", must be a finite number > 0");
    }
    this.stepMs = stepMs;
  }

  @Override
  public PipelinePlan plan(PipelineProblem problem) {
    SpTree tree = SeriesParallel.decompose(problem).orElseThrow(() -> CortadoException.invalidArgument(
        "the pipeline's graph is not series-parallel (no fan-out/fan-in nesting of chains): plan it with the MIP"));
    double step = Math.max(stepMs, problem.sloMs() / MAX_CELLS);
    int budget = (int) Math.floor(problem.sloMs() / step + 1e-9);
    long bound = new LatencyBudgetDp(problem, step, budget, LatencyBudgetDp.Rounding.DOWN).cheapest(tree);
    LatencyBudgetDp feasible = new LatencyBudgetDp(problem, step, budget, LatencyBudgetDp.Rounding.UP);
    long cores = feasible.cheapest(tree);
    if (cores >= LatencyBudgetDp.NONE) {
      SolveStatus status = bound >= LatencyBudgetDp.NONE ? SolveStatus.INFEASIBLE : SolveStatus.UNKNOWN;
      return PipelinePlan.empty(SolveReport.heuristic(status));
    }
    int[] chosen = feasible.choose(tree);
    List<StageOption> options = new ArrayList<>();
    for (int i = 0; i < chosen.length; i++) {
      options.add(problem.stages().get(i).options().get(chosen[i]));
    }
    double gap = (cores - bound) / (double) Math.max(1, cores);
    SolveStatus status = cores == bound ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE;
    return PipelinePlan.of(problem, options, new SolveReport(status, gap, Duration.ZERO));
  }
}
