package dev.cortado.sim.pipeline;

/** One pool's figures over the current control tick, as a scaling policy observes a variant. */
final class PoolTally {
  long arrivals;
  long answered;
  double latencyNanosSum;
  long batches;
  double batchNanosSum;
  double inFlightIntegralAtTick;

  void reset(double inFlightIntegral) {
    arrivals = 0;
    answered = 0;
    latencyNanosSum = 0;
    batches = 0;
    batchNanosSum = 0;
    inFlightIntegralAtTick = inFlightIntegral;
  }
}
