package dev.cortado.sim.run;

/** What one variant did since the last control tick: the figures a scaling policy observes. */
final class VariantTally {
  long arrivals;
  long answered;
  double latencyNanosSum;
  long batches;
  double batchNanosSum;
  /** The pool's in-flight integral at the last tick. */
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
