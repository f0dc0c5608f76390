package dev.cortado.sim.pipeline;

import dev.cortado.sim.scenario.Scenario;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline scenario: what every scenario has (trace, window, seed, cluster, policies, prices, time
 * series) in {@code base}, whose one request class stands for the pipeline's requests at its
 * end-to-end SLO, plus the pipeline.
 */
public record PipelineScenario(Scenario base, PipelineSpec pipeline) {
  public PipelineScenario {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(pipeline, "pipeline");
  }

  public String name() {
    return base.name();
  }

  /** The same scenario running only the policies named {@code labels}, in that order. */
  public PipelineScenario onlyPolicies(List<String> labels) {
    labels.forEach(PipelinePolicies::check);
    return new PipelineScenario(base.onlyPolicies(labels), pipeline);
  }

  /** The same scenario with another end-to-end SLO, named {@code <name>-slo<ms>}. */
  public PipelineScenario withSlo(double sloMs) {
    return new PipelineScenario(base.withSlo(sloMs), pipeline.withSlo(sloMs));
  }

  /** The same scenario with another seed. */
  public PipelineScenario withSeed(long seed) {
    return new PipelineScenario(base.withSeed(seed), pipeline);
  }

  /** The same scenario with every rate of its window multiplied by {@code factor}. */
  public PipelineScenario scaledBy(double factor) {
    return new PipelineScenario(base.scaledBy(factor), pipeline);
  }
}
