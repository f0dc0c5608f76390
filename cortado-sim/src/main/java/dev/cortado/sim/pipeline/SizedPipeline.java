package dev.cortado.sim.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A sizing of every stage for one rate.
 *
 * @param stages one per stage, in the pipeline's order
 * @param summary how it was reached, for the decision's reason (the planner's status, cores, critical path)
 */
record SizedPipeline(List<SizedStage> stages, String summary) {
  SizedPipeline {
    stages = List.copyOf(stages);
    Objects.requireNonNull(summary, "summary");
  }

  double[] delaysMs() {
    return stages.stream().mapToDouble(SizedStage::delayMs).toArray();
  }
}
