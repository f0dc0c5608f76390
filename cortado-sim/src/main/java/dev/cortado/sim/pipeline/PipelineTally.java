package dev.cortado.sim.pipeline;

import dev.cortado.sim.engine.LatencyHistogram;

/** What happened to the pipeline's requests end to end, over a run or a time-series step. */
final class PipelineTally {
  long arrived;
  long completed;
  long withinSlo;
  /** Refused or shed by a stage: never answered. */
  long failed;
  final LatencyHistogram latencies = new LatencyHistogram();

  void add(PipelineTally o) {
    arrived += o.arrived;
    completed += o.completed;
    withinSlo += o.withinSlo;
    failed += o.failed;
    latencies.addAll(o.latencies);
  }

  void clear() {
    arrived = 0;
    completed = 0;
    withinSlo = 0;
    failed = 0;
    latencies.clear();
  }
}
