package dev.cortado.control.planning;

import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.time.Duration;
import java.util.Objects;

/**
 * The exact planner: the MIP of {@link PlanningMip} on an OR-Tools backend (SCIP by default), started
 * from the greedy plan, stopped at a time limit. When the limit stops it, the best plan found so far
 * is returned as {@link SolveStatus#FEASIBLE} with its gap to the solver's bound; when it found none,
 * the greedy plan if that one is feasible, else an empty plan marked {@link SolveStatus#UNKNOWN}.
 */
public final class MipPlanner implements Planner {
  /** The relative gap the solver stops at: tight, as the problems are small. */
  static final double RELATIVE_GAP = 1e-7;

  /**
   * At most three rounds of cutting planes at the root: SCIP's default (unlimited until they stall)
   * spent 0.3–3 s cutting on 10 variants × 4 sizes × 5 classes; three rounds took the median under
   * 100 ms with the same optima (docs/planning.md).
   */
  static final String SCIP_PARAMETERS = "separating/maxroundsroot = 3\n";

  private final MipBackend backend;
  private final Duration timeLimit;
  private final Planner fallback = new GreedyPlanner();

  public MipPlanner(MipBackend backend, Duration timeLimit) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit = " + timeLimit + ", must be positive");
    }
  }

  /** SCIP with a 1 s limit, one control-loop tick. */
  public MipPlanner() {
    this(MipBackend.SCIP, Duration.ofSeconds(1));
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    Objects.requireNonNull(problem, "problem");
    Plan greedy = fallback.plan(problem);
    MPSolver solver = OrTools.solver(backend);
    try {
      solver.setTimeLimit(timeLimit.toMillis());
      if (backend == MipBackend.SCIP) {
        solver.setSolverSpecificParametersAsString(SCIP_PARAMETERS);
      }
      PlanningMip mip = new PlanningMip(problem, solver);
      if (!mip.build()) {
        return Plan.empty(new SolveReport(SolveStatus.INFEASIBLE, Double.NaN, Duration.ZERO));
      }
      if (greedy.status().hasSolution()) {
        mip.hint(greedy);
      }
      MPSolverParameters parameters = new MPSolverParameters();
      parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, RELATIVE_GAP);
      MPSolver.ResultStatus result = solver.solve(parameters);
      parameters.delete();
      Duration took = OrTools.solveTime(solver);
      return switch (result) {
        case OPTIMAL, FEASIBLE -> {
          Plan found = mip.extract(new SolveReport(
              result == MPSolver.ResultStatus.OPTIMAL ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE,
              gap(solver.objective().value(), solver.objective().bestBound()), took));
          yield better(found, greedy, solver.objective().bestBound(), took);
        }
        case INFEASIBLE -> Plan.empty(new SolveReport(SolveStatus.INFEASIBLE, Double.NaN, took));
        case NOT_SOLVED -> greedy.status().hasSolution()
            ? withReport(greedy, new SolveReport(SolveStatus.FEASIBLE, Double.NaN, took))
            : Plan.empty(new SolveReport(SolveStatus.UNKNOWN, Double.NaN, took));
        case UNBOUNDED, ABNORMAL, MODEL_INVALID -> throw new CortadoException(ErrorCode.INTERNAL,
            backend + " answered " + result + " for a planning problem of " + problem.classes().size() + " classes and "
                + problem.variants().size() + " variants");
      };
    } finally {
      solver.delete();
    }
  }

  /** The solver's plan, unless the time limit left it worse than the greedy one. */
  private static Plan better(Plan found, Plan greedy, double bound, Duration took) {
    if (found.status() == SolveStatus.OPTIMAL || !greedy.status().hasSolution()
        || greedy.costPerHour() >= found.costPerHour()) {
      return found;
    }
    return withReport(greedy, new SolveReport(SolveStatus.FEASIBLE, gap(greedy.costPerHour(), bound), took));
  }

  private static Plan withReport(Plan plan, SolveReport report) {
    return new Plan(plan.allocations(), plan.batchCaps(), plan.routes(), plan.costPerHour(), report);
  }

  static double gap(double value, double bound) {
    if (!Double.isFinite(value) || !Double.isFinite(bound)) {
      return Double.NaN;
    }
    return Math.max(0, value - bound) / Math.max(Math.abs(value), 1e-12);
  }
}
