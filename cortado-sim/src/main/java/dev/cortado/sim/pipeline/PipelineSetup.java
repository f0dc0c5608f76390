package dev.cortado.sim.pipeline;

import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.model.InstanceSize;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline policy is built from before a run.
 *
 * @param scenario the scenario
 * @param stages the stages as served
 * @param graph their DAG
 * @param size the size every instance runs at
 * @param trueRates the window's true arrival rate per second (the oracle's only)
 * @param past the per-minute rates of the trace before the window, ending where the run starts
 */
record PipelineSetup(PipelineScenario scenario, List<StageSetup> stages, PipelineGraph graph, InstanceSize size,
    double[] trueRates, RateHistory past) {
  PipelineSetup {
    Objects.requireNonNull(scenario, "scenario");
    stages = List.copyOf(stages);
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(size, "size");
    trueRates = trueRates.clone();
    Objects.requireNonNull(past, "past");
  }

  /** The longest cold start of any candidate, the scenario's start overhead included, in seconds. */
  double coldStartSeconds() {
    double longest = 0;
    for (StageSetup s : stages) {
      for (int c = 0; c < s.models().size(); c++) {
        longest = Math.max(longest, s.profile(c).coldStartMs() / 1000);
      }
    }
    return longest + scenario.base().cluster().startOverhead().toNanos() / 1e9;
  }

  /** The rate of the last minute before the window; 0 without history. */
  double lastRate() {
    return past.isEmpty() ? 0 : past.rate(past.size() - 1);
  }
}
