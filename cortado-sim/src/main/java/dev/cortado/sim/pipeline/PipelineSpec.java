package dev.cortado.sim.pipeline;

import dev.cortado.control.planning.Dependency;
import dev.cortado.sim.scenario.ScenarioException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The pipeline of a pipeline scenario and the settings its planned autoscalers share.
 *
 * @param stages the stages, names unique
 * @param edges the DAG: stage {@code to} takes what stage {@code from} produced
 * @param sloMs the end-to-end latency every request should meet
 * @param headroom the planned autoscalers provision for their demand estimate times this (≥ 1)
 * @param scaleDownDelay a planned stage's instance count falls only to the most it was planned over
 *     this long
 * @param latencyQuantile the profile quantile FA2's stage options take their batch latency from
 * @param planSloFraction the share of the SLO FA2 plans the critical path of {@code latency(b) +
 *     (b − 1)/λ} against; the rest is for what that formula leaves out, chiefly a request that
 *     arrives as its instance starts a batch and waits for it (at 0.5, the project's {@code 2 ×
 *     latency} serving model); 1 is FA2's formula alone
 */
public record PipelineSpec(List<StageSpec> stages, List<Dependency> edges, double sloMs, double headroom,
    Duration scaleDownDelay, double latencyQuantile, double planSloFraction) {
  public PipelineSpec {
    stages = List.copyOf(stages);
    edges = List.copyOf(edges);
    Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
    if (stages.isEmpty()) {
      throw new ScenarioException("pipeline.stages is empty: a pipeline needs at least one stage");
    }
    if (!(sloMs > 0) || !Double.isFinite(sloMs)) {
      throw new ScenarioException("pipeline.slo_ms = " + sloMs + ", must be a finite number > 0");
    }
    if (!(headroom >= 1) || !Double.isFinite(headroom)) {
      throw new ScenarioException("pipeline.headroom = " + headroom + ", must be a finite number >= 1");
    }
    if (scaleDownDelay.isNegative()) {
      throw new ScenarioException("pipeline.scale_down_delay = " + scaleDownDelay + ", must be >= 0");
    }
    if (!(latencyQuantile > 0 && latencyQuantile <= 1)) {
      throw new ScenarioException("pipeline.latency_quantile = " + latencyQuantile + ", must be in (0, 1]");
    }
    if (!(planSloFraction > 0 && planSloFraction <= 1)) {
      throw new ScenarioException("pipeline.plan_slo_fraction = " + planSloFraction + ", must be in (0, 1]");
    }
  }

  /** The same pipeline under another end-to-end SLO. */
  public PipelineSpec withSlo(double newSloMs) {
    return new PipelineSpec(stages, edges, newSloMs, headroom, scaleDownDelay, latencyQuantile, planSloFraction);
  }
}
