package dev.cortado.sim.run;

/** What one variant did since the last control tick: the figures a scaling policy observes. */
final class VariantTally {
  /** The variant's accuracy, what each of its answers adds to a class's accuracy sum. */
  final double accuracy;
  long arrivals;
  long answered;
  double latencyNanosSum;
  long batches;
  double batchNanosSum;
  /** The pool's in-flight integral at the last tick. */
  double inFlightIntegralAtTick;

  VariantTally(double accuracy) {
    this.accuracy = accuracy;
  }

  void reset(double inFlightIntegral) {
    arrivals = 0;
    answered = 0;
    latencyNanosSum = 0;
    batches = 0;
    batchNanosSum = 0;
    inFlightIntegralAtTick = inFlightIntegral;
  }
}
