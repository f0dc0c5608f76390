package dev.cortado.control.planning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pipeline planner's decision: per stage a configuration and an instance count.
 *
 * @param choices one per stage, in the problem's stage order; empty when there is no solution
 * @param totalCores cores all stages' instances take
 * @param criticalPathMs the end-to-end latency: the longest path of stage delays
 * @param report status, gap and solve time
 */
public record PipelinePlan(List<StageChoice> choices, int totalCores, double criticalPathMs, SolveReport report) {
  public PipelinePlan {
    choices = List.copyOf(choices);
    Objects.requireNonNull(report, "report");
  }

  public static PipelinePlan empty(SolveReport report) {
    return new PipelinePlan(List.of(), 0, 0, report);
  }

  /**
   * The plan for these options, one per stage in the problem's order, each with the fewest instances
   * that sustain the rate.
   */
  public static PipelinePlan of(PipelineProblem problem, List<StageOption> options, SolveReport report) {
    List<StageChoice> choices = new ArrayList<>();
    int cores = 0;
    Map<String, Double> delays = new HashMap<>();
    for (int i = 0; i < options.size(); i++) {
      StageOption o = options.get(i);
      String stage = problem.stages().get(i).name();
      StageChoice choice = new StageChoice(stage, o, o.instancesFor(problem.ratePerSecond()));
      choices.add(choice);
      cores += choice.cores();
      delays.put(stage, o.delayMs(problem.ratePerSecond()));
    }
    return new PipelinePlan(choices, cores, problem.longestPathMs(delays::get), report);
  }

  public SolveStatus status() {
    return report.status();
  }

  /** Every constraint of the problem this plan breaks, re-checked without the planner (empty: feasible). */
  public List<String> violations(PipelineProblem problem) {
    return PipelineCheck.violations(problem, this);
  }
}
