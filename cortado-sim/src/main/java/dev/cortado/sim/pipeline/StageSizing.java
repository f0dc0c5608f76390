package dev.cortado.sim.pipeline;

/** Sizes every stage of a pipeline for an arrival rate: a pure function of the rate. */
interface StageSizing {
  SizedPipeline size(double ratePerSecond);
}
