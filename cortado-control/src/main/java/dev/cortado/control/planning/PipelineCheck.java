package dev.cortado.control.planning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Re-checks a pipeline plan against its problem from the problem's records alone. */
final class PipelineCheck {
  private static final double TOLERANCE = 1e-6;

  private PipelineCheck() {}

  static List<String> violations(PipelineProblem problem, PipelinePlan plan) {
    List<String> out = new ArrayList<>();
    double rate = problem.ratePerSecond();
    Map<String, StageChoice> byStage = new HashMap<>();
    for (StageChoice c : plan.choices()) {
      if (byStage.put(c.stage(), c) != null) {
        out.add("stage " + c.stage() + " chosen twice");
      }
    }
    int cores = 0;
    for (Stage s : problem.stages()) {
      StageChoice c = byStage.get(s.name());
      if (c == null) {
        out.add("stage " + s.name() + " has no configuration");
        continue;
      }
      if (!s.options().contains(c.option())) {
        out.add("stage " + s.name() + " runs " + c.option() + ", not one of its options");
      }
      double throughput = c.instances() * c.option().batch() * 1000.0 / c.option().latencyMs();
      if (throughput < rate * (1 - TOLERANCE)) {
        out.add("stage " + s.name() + " sustains " + throughput + " req/s, the pipeline gets " + rate);
      }
      cores += c.cores();
    }
    if (out.isEmpty()) {
      double path = problem.longestPathMs(s -> byStage.get(s).option().delayMs(rate));
      if (path > problem.sloMs() * (1 + TOLERANCE)) {
        out.add("critical path takes " + path + " ms, the SLO is " + problem.sloMs() + " ms");
      }
      if (Math.abs(path - plan.criticalPathMs()) > TOLERANCE * Math.max(1, path)) {
        out.add("plan says its critical path takes " + plan.criticalPathMs() + " ms, it takes " + path);
      }
    }
    if (cores != plan.totalCores()) {
      out.add("plan says it takes " + plan.totalCores() + " cores, its stages take " + cores);
    }
    return out;
  }
}
