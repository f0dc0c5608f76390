package dev.cortado.control.batching;

import dev.cortado.core.profile.Profile;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Admission control: a request that cannot meet its deadline even if it were dispatched alone right
 * now is refused at once (RESOURCE_EXHAUSTED, with the reason) instead of queued to burn compute on
 * an answer nobody will wait for. The test is {@code now + latency(items, q) + margin > deadline},
 * with the profile's latency at quantile {@code q} for a batch of the request's own items and the
 * policy's learned safety margin; the same test sheds queued requests whose time ran out.
 */
public final class Admission {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private final double quantile;

  /** @param quantile the profile latency quantile judged against (0.99 for p99) */
  public Admission(double quantile) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile = " + quantile + ", must be in (0, 1]");
    }
    this.quantile = quantile;
  }

  /**
   * Why {@code request} cannot be served in time, empty when it can. For example: "cannot meet its
   * deadline: it has 3.2 ms left and batch-1 inference alone takes 4.1 ms (p99) on fashion-cnn-large".
   *
   * @param marginMs the safety margin added to the profiled latency, >= 0
   */
  public Optional<String> rejection(Pending request, Instant now, Profile profile, double marginMs) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(profile, "profile");
    return rejection(request, now, profile, profile.latencyMs(request.items(), quantile), marginMs);
  }

  /** {@link #rejection(Pending, Instant, Profile, double)} with the profile's latency for the request already looked up. */
  Optional<String> rejection(Pending request, Instant now, Profile profile, double latencyMs, double marginMs) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    if (fits(now, latencyMs + marginMs, request.deadline())) {
      return Optional.empty();
    }
    double leftMs = Millis.between(now, request.deadline());
    String left = leftMs >= 0 ? "it has " + Millis.num(leftMs) + " ms left" : "its deadline passed " + Millis.num(-leftMs) + " ms ago";
    String margin = marginMs > 0 ? " plus a learned safety margin of " + Millis.num(marginMs) + " ms" : "";
    return Optional.of("cannot meet its deadline: " + left + " and batch-" + request.items() + " inference alone takes "
        + Millis.num(latencyMs) + " ms (" + label(quantile) + ")" + margin + " on " + profile.variant());
  }

  public double quantile() {
    return quantile;
  }

  /** Whether work of {@code budgetMs} started at {@code now} ends by {@code deadline} (at it exactly counts). */
  static boolean fits(Instant now, double budgetMs, Instant deadline) {
    // !now.plus(budget).isAfter(deadline), without making the instant: a policy asks this for
    // every request it considers. The budget is below 300 years, so nothing overflows.
    long budget = Millis.nanos(budgetMs);
    long seconds = now.getEpochSecond() + budget / NANOS_PER_SECOND;
    long nanos = now.getNano() + budget % NANOS_PER_SECOND;
    if (nanos >= NANOS_PER_SECOND) {
      seconds++;
      nanos -= NANOS_PER_SECOND;
    }
    return seconds < deadline.getEpochSecond() || (seconds == deadline.getEpochSecond() && nanos <= deadline.getNano());
  }

  /** The percentile the profile answers for a quantile (it measures p50, p95 and p99; see {@link Profile#latencyMs}). */
  static String label(double quantile) {
    return quantile >= 0.99 ? "p99" : quantile >= 0.95 ? "p95" : "p50";
  }
}
