package dev.cortado.sim.pipeline;

import dev.cortado.control.planning.Fa2Planner;
import dev.cortado.control.planning.PipelinePlan;
import dev.cortado.control.planning.PipelineProblem;
import dev.cortado.control.planning.Stage;
import dev.cortado.control.planning.StageChoice;
import dev.cortado.control.planning.StageOption;
import dev.cortado.core.profile.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FA2's sizing: {@link Fa2Planner}'s DP over the pipeline, each stage's options being every
 * candidate model at batch 1, 2, 4, … up to the stage's cap, with the profile's batch latency at the
 * spec's quantile. The DP picks per stage the model, the batch and the fewest instances with
 * {@code n · b / latency(b) ≥ λ} so that the critical path of {@code latency(b) + (b − 1)/λ} meets
 * the SLO at the fewest cores. When nothing meets it, every stage takes its fastest option (and the
 * SLO will be missed: the summary says so).
 */
final class Fa2Sizing implements StageSizing {
  private final PipelineGraph graph;
  private final double sloMs;
  private final double fraction;
  private final List<Stage> stages = new ArrayList<>();
  /** Per stage, which candidate each option belongs to. */
  private final List<Map<StageOption, Integer>> owners = new ArrayList<>();
  private final Fa2Planner planner = new Fa2Planner();

  Fa2Sizing(List<StageSetup> setups, PipelineGraph graph, double sloMs, double latencyQuantile, double planSloFraction) {
    this.graph = graph;
    this.sloMs = sloMs;
    this.fraction = planSloFraction;
    for (StageSetup s : setups) {
      List<StageOption> options = new ArrayList<>();
      Map<StageOption, Integer> owner = new HashMap<>();
      for (int c = 0; c < s.models().size(); c++) {
        Profile p = s.profile(c);
        for (int b : batches(s.maxBatch())) {
          StageOption o = new StageOption(p.size(), b, Math.max(1e-6, p.latencyMs(b, latencyQuantile)));
          if (owner.putIfAbsent(o, c) == null) {
            options.add(o);
          }
        }
      }
      stages.add(new Stage(s.stage(), options));
      owners.add(owner);
    }
  }

  /** 1, 2, 4, … up to {@code max}, and {@code max} itself. */
  static List<Integer> batches(int max) {
    List<Integer> out = new ArrayList<>();
    for (int b = 1; b < max; b *= 2) {
      out.add(b);
    }
    out.add(max);
    return out;
  }

  @Override
  public SizedPipeline size(double ratePerSecond) {
    PipelineProblem problem = new PipelineProblem(stages, graph.edges(), sloMs * fraction, ratePerSecond);
    PipelinePlan plan = planner.plan(problem);
    List<SizedStage> sized = new ArrayList<>();
    if (plan.choices().isEmpty()) {
      for (Stage s : stages) {
        StageOption fastest = s.options().getFirst();
        for (StageOption o : s.options()) {
          if (o.delayMs(ratePerSecond) < fastest.delayMs(ratePerSecond)) {
            fastest = o;
          }
        }
        sized.add(sized(owners.get(sized.size()).get(fastest), fastest, fastest.instancesFor(ratePerSecond), ratePerSecond));
      }
      return new SizedPipeline(sized, "FA2 " + plan.status() + ": nothing meets the SLO, fastest options");
    }
    for (int i = 0; i < plan.choices().size(); i++) {
      StageChoice c = plan.choices().get(i);
      sized.add(sized(owners.get(i).get(c.option()), c.option(), c.instances(), ratePerSecond));
    }
    return new SizedPipeline(sized, String.format(Locale.ROOT, "FA2 %s: %d cores, critical path %.2f of %.2f ms", plan.status(),
        plan.totalCores(), plan.criticalPathMs(), sloMs * fraction));
  }

  private SizedStage sized(int candidate, StageOption o, int instances, double ratePerSecond) {
    return new SizedStage(candidate, o.batch(), instances, o.delayMs(ratePerSecond) / fraction);
  }
}
