package dev.cortado.sim.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * Scales a pipeline: every {@link #tick()} it sees the pipeline's arrivals and every pool, and says
 * per stage which model serves, its batch cap and deadline, and how many instances run. Decisions
 * are pure functions of the observations and {@code now} given so far: no clock is read.
 */
interface PipelinePolicy {
  String name();

  Duration tick();

  /** The decision at the start of a run; its instances are warm (a system already serving). */
  default PipelineDecision first(PipelineObservation observation, Instant now) {
    return decide(observation, now);
  }

  PipelineDecision decide(PipelineObservation observation, Instant now);
}
