package dev.cortado.sim.pipeline;

import dev.cortado.control.scaling.ScalingDecision;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline policy's decision: per stage how it serves, and the instances of the stages' active
 * pools (named as {@link StageSetup#poolName}).
 *
 * @param stages one per stage, in the pipeline's order
 * @param instances targets per pool; a pool left out keeps what it has
 * @param plannedRate the arrival rate the decision provisions for (NaN when the policy does not plan for one)
 */
record PipelineDecision(List<StageConfig> stages, ScalingDecision instances, double plannedRate) {
  PipelineDecision {
    stages = List.copyOf(stages);
    Objects.requireNonNull(instances, "instances");
  }
}
