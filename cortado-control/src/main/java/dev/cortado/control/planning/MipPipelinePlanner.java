package dev.cortado.control.planning;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exact referee of {@link Fa2Planner}, for any DAG: binary {@code y[s,o]} picks one option per
 * stage, continuous {@code L[s] ∈ [0, SLO]} is the time stage s finishes, with
 * {@code L[s] ≥ L[p] + Σ_o delay(o) · y[s,o]} for each predecessor p (and {@code ≥ Σ_o delay(o) · y[s,o]}
 * for a first stage); minimise {@code Σ cores(o) · y[s,o]}, where cores(o) counts the fewest instances
 * that sustain the rate. No discretisation: delays stay real numbers.
 */
public final class MipPipelinePlanner implements PipelinePlanner {
  private final MipBackend backend;
  private final Duration timeLimit;

  public MipPipelinePlanner(MipBackend backend, Duration timeLimit) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("timeLimit = " + timeLimit + ", must be positive");
    }
  }

  public MipPipelinePlanner() {
    this(MipBackend.SCIP, Duration.ofSeconds(1));
  }

  @Override
  public PipelinePlan plan(PipelineProblem problem) {
    double rate = problem.ratePerSecond();
    List<Stage> stages = problem.stages();
    MPSolver solver = OrTools.solver(backend);
    try {
      solver.setTimeLimit(timeLimit.toMillis());
      Map<String, MPVariable> finish = new HashMap<>();
      List<List<MPVariable>> picks = new ArrayList<>();
      for (int si = 0; si < stages.size(); si++) {
        finish.put(stages.get(si).name(), solver.makeNumVar(0, problem.sloMs(), "finish_s" + si));
      }
      for (int si = 0; si < stages.size(); si++) {
        Stage s = stages.get(si);
        MPConstraint one = solver.makeConstraint(1, 1, "one_option_s" + si);
        List<MPVariable> ys = new ArrayList<>();
        List<String> preds = problem.predecessors(s.name());
        List<MPConstraint> after = new ArrayList<>();
        for (int pi = 0; pi < Math.max(1, preds.size()); pi++) {
          MPConstraint c = solver.makeConstraint(0, MPSolver.infinity(), "after_s" + si + "_p" + pi);
          c.setCoefficient(finish.get(s.name()), 1);
          if (!preds.isEmpty()) {
            c.setCoefficient(finish.get(preds.get(pi)), -1);
          }
          after.add(c);
        }
        for (int oi = 0; oi < s.options().size(); oi++) {
          StageOption o = s.options().get(oi);
          if (o.delayMs(rate) > problem.sloMs()) {
            ys.add(null);
            continue;
          }
          MPVariable y = solver.makeBoolVar("y_s" + si + "_o" + oi);
          one.setCoefficient(y, 1);
          after.forEach(c -> c.setCoefficient(y, -o.delayMs(rate)));
          solver.objective().setCoefficient(y, o.coresFor(rate));
          ys.add(y);
        }
        if (ys.stream().allMatch(Objects::isNull)) {
          return PipelinePlan.empty(new SolveReport(SolveStatus.INFEASIBLE, Double.NaN, Duration.ZERO));
        }
        picks.add(ys);
      }
      solver.objective().setMinimization();
      MPSolverParameters parameters = new MPSolverParameters();
      parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, MipPlanner.RELATIVE_GAP);
      MPSolver.ResultStatus result = solver.solve(parameters);
      parameters.delete();
      Duration took = OrTools.solveTime(solver);
      return switch (result) {
        case OPTIMAL, FEASIBLE -> PipelinePlan.of(problem, chosen(stages, picks), new SolveReport(
            result == MPSolver.ResultStatus.OPTIMAL ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE,
            MipPlanner.gap(solver.objective().value(), solver.objective().bestBound()), took));
        case INFEASIBLE -> PipelinePlan.empty(new SolveReport(SolveStatus.INFEASIBLE, Double.NaN, took));
        case NOT_SOLVED -> PipelinePlan.empty(new SolveReport(SolveStatus.UNKNOWN, Double.NaN, took));
        case UNBOUNDED, ABNORMAL, MODEL_INVALID -> throw new CortadoException(ErrorCode.INTERNAL,
            backend + " answered " + result + " for a pipeline of " + stages.size() + " stages");
      };
    } finally {
      solver.delete();
    }
  }

  private static List<StageOption> chosen(List<Stage> stages, List<List<MPVariable>> picks) {
    List<StageOption> options = new ArrayList<>();
    for (int si = 0; si < stages.size(); si++) {
      List<MPVariable> ys = picks.get(si);
      int best = -1;
      for (int oi = 0; oi < ys.size(); oi++) {
        if (ys.get(oi) != null && (best < 0 || ys.get(oi).solutionValue() > ys.get(best).solutionValue())) {
          best = oi;
        }
      }
      options.add(stages.get(si).options().get(best));
    }
    return options;
  }
}
