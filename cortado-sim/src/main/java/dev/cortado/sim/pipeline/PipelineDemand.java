package dev.cortado.sim.pipeline;

import java.time.Instant;

/** The arrival rate a planned autoscaler provisions the pipeline for, updated once per tick. */
interface PipelineDemand {
  /**
   * Takes in the tick that ended at {@code now} ({@code arrivals} over {@code tickSeconds}, with
   * {@code backlog} requests queued at the most loaded stage) and returns the rate to plan for.
   */
  double rate(Instant now, double tickSeconds, long arrivals, int backlog);

  /** How far ahead the rate looks: the longest cold start plus a tick. */
  double leadSeconds();
}
