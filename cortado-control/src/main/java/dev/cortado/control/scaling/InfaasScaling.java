package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * INFaaS's model-level autoscaler ({@code infaas}; Romero et al., USENIX ATC 2021), as the
 * model-less baseline: stanford-mast/INFaaS {@code src/worker/autoscaler.cc}, the per-variant
 * rule of {@code checkModvar} with the scale-down delay of {@code CpuAutoscalerDaemon}.
 *
 * <p>Every tick (1 s, the arbiter's {@code sleep_interval}), per variant: demand is the arrival
 * rate observed over the tick, and capacity is its instances (ready or starting) times one
 * instance's throughput at its batch. If demand exceeds capacity it adds {@code ceil((demand -
 * capacity) / throughput)} instances at once. If demand fits in one instance fewer, {@code demand ≤
 * (instances - 1) × throughput}, it counts a scale-down decision, and removes one instance on the
 * first such decision after 10 in a row ({@code CPU_SCALE_DOWN_DELAY}: INFaaS holds while its count
 * is {@code <= 10}); any other decision starts the count again. A variant whose batches took more
 * than 2.5 times its profiled batch latency over the tick is overloaded and gets one more instance,
 * unless one is already starting (INFaaS issues one scaling request per variant at a time). The
 * result stays within the variant's bounds, at least one instance unless its minimum is 0.
 *
 * <p>Simplifications: demand is the plain arrival rate, not INFaaS's batch-weighted
 * {@code qps × avg_batch}, and capacity has no 5% CPU headroom ({@code cpuHueristic}); INFaaS's
 * counter of scale-down requests is cleared only when it acts, where this one is cleared by any
 * decision that is not a scale-down, so the 10 are consecutive. The overload rule stands in for
 * INFaaS's handling of variants slowed by interference; {@code autoscaler.cc} has no such rule, and
 * its factor (2.5) is a setting. The variant-upgrade strategy of {@code InfaasScaler} (moving load
 * to a faster variant) belongs to variant selection, not here.
 */
public final class InfaasScaling extends PerVariantScaling {
  public static final String NAME = "infaas";

  /**
   * @param tick how often it decides
   * @param scaleDownDelay scale-down decisions in a row that are held; the next one removes an instance
   * @param overloadFactor how many times its profiled batch latency a variant's batches may take
   *     before it counts as overloaded
   */
  public record Settings(Duration tick, int scaleDownDelay, double overloadFactor) {
    public Settings {
      Objects.requireNonNull(tick, "tick");
      if (!tick.isPositive() || scaleDownDelay < 0) {
        throw new IllegalArgumentException("tick = " + tick + " must be > 0 and scaleDownDelay = " + scaleDownDelay + " >= 0");
      }
      if (!(overloadFactor >= 1) || Double.isInfinite(overloadFactor)) {
        throw new IllegalArgumentException("overloadFactor = " + overloadFactor + ", must be finite and >= 1");
      }
    }

    /** INFaaS's values: a 1 s tick, 10 held scale-down decisions, overloaded past 2.5 times the profile. */
    public static Settings published() {
      return new Settings(Duration.ofSeconds(1), 10, 2.5);
    }
  }

  private final Settings settings;
  /** Scale-down decisions in a row, per variant. */
  private final Map<String, Integer> lowDecisions = new HashMap<>();

  public InfaasScaling(List<ScaledVariant> variants) {
    this(variants, Settings.published());
  }

  public InfaasScaling(List<ScaledVariant> variants, Settings settings) {
    super(NAME, settings.tick(), variants);
    this.settings = settings;
  }

  @Override
  ScalingDecision.Target decide(ScaledVariant variant, VariantObservation observed, ScalingContext context, Instant now) {
    double tickSeconds = context.tickSeconds();
    int instances = observed.instances();
    double perInstance = variant.capacity().throughputPerSecond();
    double demand = observed.arrivalRate(tickSeconds);
    double capacity = instances * perInstance;
    double profiledMs = variant.capacity().batchLatencyMs();
    boolean overloaded = observed.meanBatchLatencyMs() > settings.overloadFactor() * profiledMs;
    String figures = String.format(Locale.ROOT,
        "infaas: demand %.2f/s, capacity %d x %.2f/s = %.2f/s, batches %.1f ms of %.1f ms profiled", demand, instances,
        perInstance, capacity, observed.meanBatchLatencyMs(), profiledMs);

    if (demand > capacity) {
      lowDecisions.remove(variant.variant());
      int added = Ceil.of((demand - capacity) / perInstance);
      return target(variant, instances + added, figures + ": adds " + added);
    }
    if (overloaded) {
      lowDecisions.remove(variant.variant());
      if (observed.starting() > 0) {
        return target(variant, instances, figures + ": overloaded, one already starting");
      }
      return target(variant, instances + 1, figures + ": overloaded, adds 1");
    }
    if (instances > variant.minInstances() && demand <= (instances - 1) * perInstance) {
      int low = lowDecisions.merge(variant.variant(), 1, Integer::sum);
      if (low > settings.scaleDownDelay()) {
        lowDecisions.remove(variant.variant());
        return target(variant, instances - 1, figures + ": fits in one fewer for " + low + " decisions, removes 1");
      }
      return target(variant, instances, figures + ": fits in one fewer for " + low + " decisions, holds");
    }
    lowDecisions.remove(variant.variant());
    return target(variant, instances, figures + ": holds");
  }

  private static ScalingDecision.Target target(ScaledVariant variant, int instances, String reason) {
    return new ScalingDecision.Target(variant.variant(), variant.bounded(instances), variant.size(), reason);
  }
}
