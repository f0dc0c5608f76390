package dev.cortado.sim.run;

import dev.cortado.sim.engine.LatencyHistogram;

/** What happened to one request class, over a run or over one time-series step. */
final class ClassTally {
  long arrived;
  long refused;
  long shed;
  long infeasible;
  long answered;
  long withinSlo;
  double accuracySum;
  final LatencyHistogram latencies = new LatencyHistogram();

  void add(ClassTally o) {
    arrived += o.arrived;
    refused += o.refused;
    shed += o.shed;
    infeasible += o.infeasible;
    answered += o.answered;
    withinSlo += o.withinSlo;
    accuracySum += o.accuracySum;
    latencies.addAll(o.latencies);
  }

  void clear() {
    arrived = 0;
    refused = 0;
    shed = 0;
    infeasible = 0;
    answered = 0;
    withinSlo = 0;
    accuracySum = 0;
    latencies.clear();
  }

  long rejected() {
    return refused + shed + infeasible;
  }
}
