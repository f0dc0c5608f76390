package dev.cortado.sim.pipeline;

/**
 * How one stage serves until the next decision.
 *
 * @param candidate which of the stage's models takes its requests
 * @param batchCap the largest batch its batcher forms
 * @param latestFinishMs by when after its arrival at the pipeline a request should leave this
 *     stage: the deadline the stage's batcher works to
 */
record StageConfig(int candidate, int batchCap, double latestFinishMs) {
  StageConfig {
    if (candidate < 0 || batchCap < 1 || !(latestFinishMs > 0)) {
      throw new IllegalArgumentException("stage config (candidate " + candidate + ", cap " + batchCap + ", latest finish "
          + latestFinishMs + " ms): need candidate >= 0, cap >= 1, latest finish > 0");
    }
  }
}
