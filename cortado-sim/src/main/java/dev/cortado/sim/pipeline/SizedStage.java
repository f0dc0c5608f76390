package dev.cortado.sim.pipeline;

/**
 * What a sizing gives one stage for a rate.
 *
 * @param candidate which of the stage's models serves
 * @param batch its batch cap
 * @param instances how many instances sustain the rate
 * @param delayMs the time a request is planned to spend in the stage; only the ratios between
 *     stages matter: the critical path is scaled to the SLO to set deadlines
 */
record SizedStage(int candidate, int batch, int instances, double delayMs) {
  SizedStage {
    if (candidate < 0 || batch < 1 || instances < 0 || !(delayMs > 0)) {
      throw new IllegalArgumentException("sized stage (candidate " + candidate + ", batch " + batch + ", " + instances
          + " instances, " + delayMs + " ms) is not valid");
    }
  }
}
