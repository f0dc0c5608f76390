package dev.cortado.sim.pipeline;

import dev.cortado.control.scaling.ScalingContext;
import java.util.Objects;

/**
 * What a pipeline policy sees at a tick.
 *
 * @param arrivals requests that entered the pipeline during the tick
 * @param pools each pool as a scaling policy sees a variant (its tick's length included)
 */
record PipelineObservation(long arrivals, ScalingContext pools) {
  PipelineObservation {
    Objects.requireNonNull(pools, "pools");
    if (arrivals < 0) {
      throw new IllegalArgumentException("arrivals = " + arrivals + ", must be >= 0");
    }
  }

  double tickSeconds() {
    return pools.tickSeconds();
  }

  /** The most requests queued at one pool at the end of the tick. */
  int backlog() {
    int most = 0;
    for (var v : pools.variants()) {
      most = Math.max(most, v.queued());
    }
    return most;
  }
}
