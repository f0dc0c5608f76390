package dev.cortado.control.planning;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import java.util.Objects;

/**
 * One way to run a variant: at one instance size, batching up to {@code batch}. The latency and
 * throughput model every planner and {@link PlanCheck} share, the one of {@code scaling.InstanceCapacity}:
 *
 * <ul>
 *   <li>latency bound {@code 2 × p95(b)}: a request may arrive just after a batch started on a busy
 *       instance, wait for it, then run in a batch of its own of at most {@code b}. Cortado's batcher
 *       dispatches against the earliest deadline, so a request never waits for a batch to fill past
 *       that; a fill-time term {@code (b - 1) / rate} (FA2's) would count a wait the batcher does not
 *       make and would tie each variant's latency to the traffic routed to it, which the MIP could
 *       then no longer keep linear.
 *   <li>throughput {@code b / p50(b)} per instance: full batches back to back at the median latency.
 *       The headroom of the problem covers the variance.
 * </ul>
 *
 * @param variant the variant
 * @param profile its profile at the instance size
 * @param batch the batch cap
 */
public record ServingOption(PlanningVariant variant, Profile profile, int batch) {
  public ServingOption {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(profile, "profile");
    if (batch < 1) {
      throw new IllegalArgumentException("batch = " + batch + ", must be at least 1");
    }
  }

  public InstanceSize size() {
    return profile.size();
  }

  public int threads() {
    return profile.size().threads();
  }

  public long memoryBytes() {
    return profile.memoryBytes();
  }

  /** The worst latency a request sees here, in milliseconds: {@code 2 × p95(batch)}. */
  public double latencyBoundMs() {
    return 2 * profile.latencyMs(batch, 0.95);
  }

  /** Requests per second one instance sustains: {@code batch / p50(batch)}. */
  public double throughputPerSecond() {
    return batch * 1000.0 / Math.max(1e-3, profile.latencyMs(batch, 0.5));
  }

  /** Whether a request of this class is answered within its SLO here (task and accuracy aside). */
  public boolean meetsSlo(RequestClass requestClass) {
    return latencyBoundMs() <= requestClass.sloMs();
  }

  /** Whether this option may serve the class: eligible variant and latency within the SLO. */
  public boolean serves(RequestClass requestClass) {
    return variant.eligibleFor(requestClass) && meetsSlo(requestClass);
  }

  /** What one instance costs per second it is held. */
  public double pricePerSecond(CostModel prices) {
    return prices.costPerSecond(profile.size(), profile.memoryBytes());
  }
}
