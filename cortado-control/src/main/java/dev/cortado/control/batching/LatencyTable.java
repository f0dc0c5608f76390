package dev.cortado.control.batching;

import dev.cortado.core.profile.Profile;

/**
 * A profile's {@link Profile#latencyMs} at one quantile, computed once per batch size up to a
 * limit: a policy asks for it for every request it considers, and the profile answers by walking
 * its measured sizes. Larger sizes are asked of the profile; either way the value is the profile's.
 */
final class LatencyTable {
  /** The largest size kept: enough for any batch, small enough to hold for every variant. */
  private static final int MAX_SIZE = 4096;

  private final Profile profile;
  private final double quantile;
  /** {@code ms[k]} is the latency of a batch of {@code k}; index 0 unused. */
  private final double[] ms;

  LatencyTable(Profile profile, double quantile, int upTo) {
    this.profile = profile;
    this.quantile = quantile;
    this.ms = new double[Math.min(Math.max(upTo, 0), MAX_SIZE) + 1];
    for (int k = 1; k < ms.length; k++) {
      ms[k] = profile.latencyMs(k, quantile);
    }
  }

  double ms(int items) {
    return items >= 1 && items < ms.length ? ms[items] : profile.latencyMs(items, quantile);
  }
}
