package dev.cortado.server.batching;

import dev.cortado.control.batching.BatchPolicies;
import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.batching.BatchingConfig;
import dev.cortado.core.profile.Profile;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.repository.ModelConfig;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.routing.ProfileBook;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * One {@link VariantBatcher} per serving model version, made on first use with the policy its
 * config names (else the server's default) and its profile; one {@link LoadMeter} per model name,
 * shared by its versions' batchers, for the control loop. Guard: {@link #lock}.
 */
public final class Batchers implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Batchers.class.getName());
  /** Dispatch this much before the last safe instant: the loop's wake-up jitter. */
  static final Duration DISPATCH_LEAD = Duration.ofMillis(1);
  /**
   * Cortado's idle instance takes a batch at most this often: every batch's hand-offs cost the
   * event loops CPU, and at 20,000 requests/s on the small MLP batches taken as fast as the instance
   * frees made the front end fall behind (docs/batching.md).
   */
  static final Duration MIN_DISPATCH_INTERVAL = Duration.ofMillis(3);

  private final String defaultPolicy;
  private final ProfileBook profiles;
  private final InstantSource clock;
  private final DoubleSupplier machineCpuBusy;
  /** The time source of the load meters, in nanoseconds. */
  private final LongSupplier meterNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<InstancePool, VariantBatcher> byPool = new IdentityHashMap<>();
  private final Map<InstancePool, BatchingConfig> configs = new IdentityHashMap<>();
  private final Map<String, LoadMeter> meters = new HashMap<>();

  /**
   * Batchers for tests on a manual clock: their policies are not told how busy the machine's CPU
   * is, and their load meters keep the time of {@code clock}, so what they measure (rates, bursts,
   * time in flight) follows the clock the test moves.
   */
  public Batchers(String defaultPolicy, ProfileBook profiles, InstantSource clock) {
    this(defaultPolicy, profiles, clock, () -> Double.NaN, () -> epochNanos(clock.instant()));
  }

  /**
   * @param machineCpuBusy how busy the machine's CPU was recently, 0..1 or NaN (the server's:
   *     {@link CpuGauge#machine()})
   */
  public Batchers(String defaultPolicy, ProfileBook profiles, InstantSource clock, DoubleSupplier machineCpuBusy) {
    this(defaultPolicy, profiles, clock, machineCpuBusy, System::nanoTime);
  }

  private Batchers(String defaultPolicy, ProfileBook profiles, InstantSource clock, DoubleSupplier machineCpuBusy,
      LongSupplier meterNanos) {
    checkName(defaultPolicy);
    this.defaultPolicy = defaultPolicy;
    this.profiles = profiles;
    this.clock = clock;
    this.machineCpuBusy = machineCpuBusy;
    this.meterNanos = meterNanos;
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** Fails fast (INVALID_ARGUMENT) on an unknown policy name; cortado and mlproxy need a profile, checked per model. */
  public static void checkName(String policy) {
    if (!BatchPolicies.NAMES.contains(policy)) {
      BatchPolicies.byName(policy, null, BatchingConfig.defaults());
    }
  }

  public VariantBatcher of(ModelVersion mv) {
    lock.lock();
    try {
      VariantBatcher b = byPool.get(mv.pool());
      if (b == null) {
        BatchingConfig config = config(mv.config());
        b = new VariantBatcher(mv.name(), mv.pool(), policy(mv, config), config.newQueue(), mv.config().maxBatchSize() > 0, clock,
            meter(mv.name()), machineCpuBusy);
        byPool.put(mv.pool(), b);
        configs.put(mv.pool(), config);
      }
      return b;
    } finally {
      lock.unlock();
    }
  }

  /** The batching settings of a model version already batching. */
  public BatchingConfig configOf(ModelVersion mv) {
    lock.lock();
    try {
      of(mv);
      return configs.get(mv.pool());
    } finally {
      lock.unlock();
    }
  }

  /** The load meter of a model (all its versions), made on first use. */
  public LoadMeter meter(String model) {
    lock.lock();
    try {
      return meters.computeIfAbsent(model, m -> new LoadMeter(meterNanos));
    } finally {
      lock.unlock();
    }
  }

  /** Requests of a model (all its versions) waiting in a queue now. */
  public int queued(String model) {
    List<VariantBatcher> of;
    lock.lock();
    try {
      of = byPool.entrySet().stream().filter(e -> e.getKey().variant().equals(model)).map(Map.Entry::getValue).toList();
    } finally {
      lock.unlock();
    }
    return of.stream().mapToInt(VariantBatcher::queued).sum();
  }

  /** The policy a model version batches with: its config's, else the server's default. */
  public String policyName(ModelVersion mv) {
    return mv.config().batching().policy().orElse(defaultPolicy);
  }

  private BatchPolicy policy(ModelVersion mv, BatchingConfig config) {
    String name = policyName(mv);
    Optional<Profile> profile = profiles.of(mv);
    if (profile.isEmpty() && (name.equals("cortado") || name.equals("mlproxy"))) {
      LOG.log(System.Logger.Level.WARNING, "model {0} has no profile; batching with ''fixed'' instead of ''{1}''", mv.name(), name);
      name = "fixed";
    }
    return BatchPolicies.byName(name, profile.orElse(null), config);
  }

  /** The batching settings a model's config asks for, over the defaults. */
  public static BatchingConfig config(ModelConfig model) {
    ModelConfig.Batching b = model.batching();
    BatchingConfig.Builder c = BatchingConfig.defaults().toBuilder()
        .maxBatch(b.maxBatch().orElse(Math.max(1, model.maxBatchSize())))
        .queueCapacity(model.maxQueueSize())
        .dispatchLead(DISPATCH_LEAD)
        .minDispatchInterval(MIN_DISPATCH_INTERVAL);
    b.maxQueueDelayMs().ifPresent(ms -> c.maxQueueDelay(Duration.ofNanos(Math.round(ms * 1e6))));
    b.defaultSloMs().ifPresent(c::defaultSloMs);
    return c.build();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      byPool.values().forEach(VariantBatcher::close);
      byPool.clear();
    } finally {
      lock.unlock();
    }
  }
}
