package dev.cortado.control.scaling;

import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.util.Objects;

/**
 * What the control loop observed of one variant over the tick that just ended.
 *
 * @param variant the model name
 * @param size the size its instances run at now
 * @param ready instances taking requests at the end of the tick
 * @param starting instances in their cold start at the end of the tick
 * @param arrivals requests that arrived for it during the tick, admitted or not
 * @param meanInFlight requests queued or running, averaged over the tick (Knative's and Ray's
 *     concurrency metric; at zero instances it counts the requests buffered for a cold start)
 * @param queued requests waiting at the end of the tick
 * @param answered requests answered during the tick
 * @param meanLatencyMs mean end-to-end latency of the requests answered during the tick; NaN when
 *     none were
 * @param meanBatchLatencyMs mean run time of the batches that finished during the tick; NaN when
 *     none did (INFaaS compares it with the profile to call a variant overloaded)
 * @param burstArrivals the most requests that arrived within any {@link #BURST_WINDOW} of the tick
 *     ({@link BurstMeter}): a fan-out's size, which the rate over the tick does not show
 */
public record VariantObservation(
    String variant,
    InstanceSize size,
    int ready,
    int starting,
    long arrivals,
    double meanInFlight,
    int queued,
    long answered,
    double meanLatencyMs,
    double meanBatchLatencyMs,
    int burstArrivals) {

  /** The window {@link #burstArrivals} counts in: short against an SLO, long against a fan-out. */
  public static final Duration BURST_WINDOW = Duration.ofMillis(10);
  /** {@link #BURST_WINDOW} in milliseconds. */
  public static final double BURST_WINDOW_MS = BURST_WINDOW.toNanos() / 1e6;

  public VariantObservation {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(size, "size");
    if (ready < 0 || starting < 0 || arrivals < 0 || queued < 0 || answered < 0 || burstArrivals < 0) {
      throw new IllegalArgumentException("observation of " + variant + " has a negative count");
    }
    if (!(meanInFlight >= 0)) {
      throw new IllegalArgumentException("meanInFlight = " + meanInFlight + ", must be >= 0");
    }
  }

  /** An observation without a burst measurement ({@link #burstArrivals} 0). */
  public VariantObservation(String variant, InstanceSize size, int ready, int starting, long arrivals, double meanInFlight,
      int queued, long answered, double meanLatencyMs, double meanBatchLatencyMs) {
    this(variant, size, ready, starting, arrivals, meanInFlight, queued, answered, meanLatencyMs, meanBatchLatencyMs, 0);
  }

  /** Instances ready or starting. */
  public int instances() {
    return ready + starting;
  }

  /**
   * Latency pressure: answers took more than {@code fraction} of the SLO on average at a count that
   * is all there (none still starting: until they are ready, the latency predates the capacity
   * already on its way).
   */
  public boolean underLatencyPressure(double fraction, double sloMs) {
    return ready > 0 && starting == 0 && meanLatencyMs > fraction * sloMs;
  }

  /** The arrival rate over a tick of {@code tickSeconds}. */
  public double arrivalRate(double tickSeconds) {
    return arrivals / tickSeconds;
  }
}
