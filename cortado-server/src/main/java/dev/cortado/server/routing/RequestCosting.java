package dev.cortado.server.routing;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.server.repository.ModelVersion;

/**
 * What one answered request cost: the instance time it used (its share of the batch's compute)
 * at the cost model's price for the instance's cores and memory (memory from the variant's profile).
 */
public final class RequestCosting {
  private final CostModel cost;
  private final ProfileBook profiles;

  public RequestCosting(CostModel cost, ProfileBook profiles) {
    this.cost = cost;
    this.profiles = profiles;
  }

  public CostModel model() {
    return cost;
  }

  /** Currency units for a request that took {@code computeNanos} of a batch of {@code batchSize} on {@code size}. */
  public double of(ModelVersion model, InstanceSize size, long computeNanos, long batchSize) {
    long memory = profiles.of(model.name(), model.version(), size.threads()).map(p -> p.memoryBytes()).orElse(0L);
    return computeNanos / 1e9 * cost.costPerSecond(size, memory) / Math.max(1, batchSize);
  }
}
