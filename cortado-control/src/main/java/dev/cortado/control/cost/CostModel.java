package dev.cortado.control.cost;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import java.util.Objects;

/**
 * Serverless prices, in one currency, for the two things an instance holds while it computes: cores
 * and memory. The cost per request of a variant follows from its profile:
 *
 * <pre>
 *   costPerRequest(b) = latency(b, p50) seconds * (threads * pricePerCoreSecond + memory / 2^30 * pricePerGibSecond) / b
 * </pre>
 *
 * <p>The defaults ({@link #cloudRunDefaults()}) are Google Cloud Run's published on-demand prices for
 * request-based billing in its Tier 1 regions, beyond the free tier: 0.000024 USD per vCPU-second and
 * 0.0000025 USD per GiB-second (https://cloud.google.com/run/pricing). A thread of an instance is
 * priced as one vCPU; accelerators are not priced yet. For comparison, AWS Lambda charges
 * 0.0000166667 USD per GB-second and grants one vCPU per 1,769 MB, about 0.000029 USD per
 * vCPU-second with its memory.
 *
 * @param pricePerCoreSecond price of one core (one intra-op thread) for one second
 * @param pricePerGibSecond price of one GiB (2^30 bytes) of memory for one second
 */
public record CostModel(double pricePerCoreSecond, double pricePerGibSecond) {
  /** Cloud Run, Tier 1, request-based billing: USD per vCPU-second. */
  public static final double CLOUD_RUN_USD_PER_VCPU_SECOND = 0.000024;

  /** Cloud Run, Tier 1, request-based billing: USD per GiB-second. */
  public static final double CLOUD_RUN_USD_PER_GIB_SECOND = 0.0000025;

  private static final double BYTES_PER_GIB = 1L << 30;

  public CostModel {
    requirePrice("pricePerCoreSecond", pricePerCoreSecond);
    requirePrice("pricePerGibSecond", pricePerGibSecond);
  }

  /** Google Cloud Run's published prices, in USD (see the class comment for the source). */
  public static CostModel cloudRunDefaults() {
    return new CostModel(CLOUD_RUN_USD_PER_VCPU_SECOND, CLOUD_RUN_USD_PER_GIB_SECOND);
  }

  /** What an instance of this size holding this much memory costs per second it is held. */
  public double costPerSecond(InstanceSize size, long memoryBytes) {
    Objects.requireNonNull(size, "size");
    if (memoryBytes < 0) {
      throw new IllegalArgumentException("memoryBytes = " + memoryBytes + ", must be >= 0");
    }
    return size.threads() * pricePerCoreSecond + memoryBytes / BYTES_PER_GIB * pricePerGibSecond;
  }

  /**
   * What one request costs when it runs in a batch of {@code batchSize} on the profile's instance
   * size: the batch's median latency times the instance's price per second, shared by the batch.
   */
  public double costPerRequest(Profile profile, int batchSize) {
    Objects.requireNonNull(profile, "profile");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize = " + batchSize + ", must be at least 1");
    }
    double seconds = profile.latencyMs(batchSize, 0.5) / 1000.0;
    return seconds * costPerSecond(profile.size(), profile.memoryBytes()) / batchSize;
  }

  /** {@link #costPerRequest} for a thousand requests, the unit callers state ceilings in. */
  public double costPer1k(Profile profile, int batchSize) {
    return 1000.0 * costPerRequest(profile, batchSize);
  }

  private static void requirePrice(String name, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(name + " = " + value + ", must be a finite number >= 0");
    }
  }
}
