package dev.cortado.sim.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The offline optimum's demand: the window's true rate, known in advance, at its peak over
 * {@code [now, now + lead]}. Exists only in the simulator, where the future is a file.
 */
final class OracleDemand implements PipelineDemand {
  private final Instant origin;
  private final double[] perSecond;
  private final double leadSeconds;

  /** @param perSecond the true rate in each second from {@code origin} */
  OracleDemand(Instant origin, double[] perSecond, double leadSeconds) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.perSecond = perSecond.clone();
    this.leadSeconds = leadSeconds;
  }

  @Override
  public double leadSeconds() {
    return leadSeconds;
  }

  @Override
  public double rate(Instant now, double tickSeconds, long arrivals, int backlog) {
    double fromNow = Duration.between(origin, now).toNanos() / 1e9;
    int first = (int) Math.max(0, Math.floor(fromNow));
    int last = (int) Math.min(perSecond.length - 1, Math.floor(fromNow + leadSeconds));
    double peak = 0;
    for (int s = first; s <= last; s++) {
      peak = Math.max(peak, perSecond[s]);
    }
    return peak;
  }
}
