package dev.cortado.server.pipeline;

import dev.cortado.core.inference.Parameters;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one stage of one request reports: what ran it, when it started and ended (from the
 * pipeline's arrival), and the queue and compute time it spent.
 *
 * @param ran the variant that ran it ({@code step:<name>} for a built-in step)
 * @param costUsd the stage's cost, when its model was priced
 */
record StageFigures(String ran, double startMs, double endMs, double queueMs, double computeMs, long batchSize,
    OptionalDouble costUsd) {
  StageFigures {
    Objects.requireNonNull(ran, "ran");
    Objects.requireNonNull(costUsd, "costUsd");
  }

  /** Adds {@code stage.<name>.*} to the response's parameters. */
  void putInto(Parameters.Builder p, String stage) {
    String prefix = "stage." + stage + ".";
    p.put(prefix + "variant", ran)
        .put(prefix + "start_ms", round(startMs))
        .put(prefix + "end_ms", round(endMs))
        .put(prefix + "queue_ms", round(queueMs))
        .put(prefix + "compute_ms", round(computeMs))
        .put(prefix + "batch_size", batchSize);
  }

  static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }
}
