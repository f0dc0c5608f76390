package dev.cortado.control.scaling;

import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Hand-built observations and contexts, and the manual clock: second {@code t} is {@link #at}. */
final class Observed {
  static final InstanceSize ONE_THREAD = InstanceSize.cpu(1);
  static final int CORE_BUDGET = 64;

  private Observed() {}

  static Instant at(long seconds) {
    return Instant.EPOCH.plusSeconds(seconds);
  }

  /** A variant at one thread per instance that answered nothing (no latencies). */
  static VariantObservation variant(String name, int ready, int starting, long arrivals, double meanInFlight) {
    return withBatches(name, ready, starting, arrivals, meanInFlight, Double.NaN);
  }

  static VariantObservation withBatches(String name, int ready, int starting, long arrivals, double meanInFlight,
      double meanBatchLatencyMs) {
    return new VariantObservation(name, ONE_THREAD, ready, starting, arrivals, meanInFlight, 0, 0, Double.NaN,
        meanBatchLatencyMs);
  }

  static ScalingContext context(Duration tick, VariantObservation... variants) {
    return new ScalingContext(tick, List.of(variants), CORE_BUDGET);
  }
}
