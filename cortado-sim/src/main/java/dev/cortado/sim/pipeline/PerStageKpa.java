package dev.cortado.sim.pipeline;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.scaling.KpaScaling;
import dev.cortado.control.scaling.ScalingDecision;
import dev.cortado.control.scaling.ScalingPolicies;
import dev.cortado.control.scaling.ScalingPolicy;
import dev.cortado.control.scaling.ScalingSetup;
import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-stage reactive baseline ({@code kpa}): every stage is an independent Knative service
 * running its first model, with the SLO over the stages on the longest path as its own SLO: it
 * sets the stage's batcher's deadlines and the batch that fits it ({@code 2 × p95(b)} within the
 * share, {@link dev.cortado.control.scaling.InstanceCapacity}), which is both the batcher's cap and
 * KPA's container concurrency (a container takes at most that many requests at once). Each stage
 * is scaled by {@link KpaScaling} with Knative's defaults on its own concurrency.
 *
 * <p>At the start each stage runs what the even split sizes for the rate of the minute before the
 * window (a system already serving that load); KPA, seeing more than one instance ready, holds
 * them until it has a stable window of its own data, as Knative's decider does.
 */
final class PerStageKpa implements PipelinePolicy {
  private final ScalingPolicy kpa;
  private final List<StageSetup> stages;
  private final List<StageConfig> configs = new ArrayList<>();
  private final double shareMs;
  private final double initialRate;
  private final InstanceSize size;

  PerStageKpa(List<StageSetup> stages, PipelineGraph graph, double sloMs, CostModel cost, Duration startOverhead,
      InstanceSize size, int maxInstances, double initialRate) {
    this.stages = List.copyOf(stages);
    this.shareMs = sloMs / graph.depth();
    this.initialRate = initialRate;
    this.size = size;
    List<ScalingSetup.Variant> services = new ArrayList<>();
    double[] even = new double[stages.size()];
    java.util.Arrays.fill(even, 1);
    double[] latest = graph.latestFinishMs(even, sloMs);
    for (int s = 0; s < stages.size(); s++) {
      StageSetup st = stages.get(s);
      services.add(new ScalingSetup.Variant(st.poolName(0), st.maxBatch(), st.pools().getFirst().profiles(), size));
      configs.add(new StageConfig(0, EvenSplitSizing.stage(st, 0, shareMs, 1).batch(), latest[s]));
    }
    this.kpa = ScalingPolicies.create(KpaScaling.NAME, new ScalingSetup(services, shareMs, true, cost, startOverhead,
        maxInstances, Map.of(), Map.of(), Map.of()));
  }

  @Override
  public String name() {
    return kpa.name();
  }

  @Override
  public Duration tick() {
    return kpa.tick();
  }

  @Override
  public PipelineDecision first(PipelineObservation observation, Instant now) {
    List<ScalingDecision.Target> targets = new ArrayList<>();
    for (StageSetup s : stages) {
      SizedStage sized = EvenSplitSizing.stage(s, 0, shareMs, initialRate);
      targets.add(new ScalingDecision.Target(s.poolName(0), sized.instances(), size,
          "a system already serving " + Math.round(initialRate) + "/s, sized by the even split"));
    }
    return new PipelineDecision(configs, new ScalingDecision(targets), Double.NaN);
  }

  @Override
  public PipelineDecision decide(PipelineObservation observation, Instant now) {
    return new PipelineDecision(configs, kpa.decide(observation.pools(), now), Double.NaN);
  }
}
