package dev.cortado.control.batching;

import dev.cortado.core.error.CortadoException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A variant's batching settings, for every policy ({@link BatchPolicies#byName}); keys as in
 * configuration. Every bad key is reported, with its value, in one INVALID_ARGUMENT error.
 *
 * @param maxBatch {@code max-batch}: the most items in one batch
 * @param maxQueueDelay {@code max-queue-delay}: {@code fixed}'s wait for a batch to fill
 * @param defaultSloMs {@code default-slo-ms}: the SLO of a request that gives neither
 *     {@code latency_slo_ms} nor a timeout; {@code mlproxy}'s service timeout
 * @param queueCapacity {@code max-queue-size}: requests one variant's queue holds
 * @param priorityLevels {@code priority-levels}: request priorities 1 (highest) to this are allowed
 * @param defaultPriorityLevel {@code default-priority-level}: the level of priority 0 (the lowest by default)
 * @param quantile {@code latency-quantile}: the profile quantile Cortado and admission judge on
 * @param kneeTolerance {@code knee-tolerance}: Cortado's "throughput stopped growing" tolerance
 * @param dispatchLead {@code dispatch-lead}: Cortado dispatches this much before the last safe instant
 * @param minDispatchInterval {@code min-dispatch-interval}: Cortado's idle instance takes a batch no
 *     sooner than this after the previous one (see {@link CortadoBatching}); 0: at once
 * @param marginWindow {@code margin-window}: batches the learned margin remembers
 * @param marginQuantile {@code margin-quantile}: the quantile of errors that becomes the margin
 * @param marginCapMs {@code margin-cap-ms}: the largest margin
 * @param mlproxyInitialBatch {@code mlproxy-initial-batch}: MLProxy's batch size before adapting
 * @param mlproxyGrowStep {@code mlproxy-grow-step}: MLProxy's growth per 30 s
 */
public record BatchingConfig(int maxBatch, Duration maxQueueDelay, double defaultSloMs, int queueCapacity, int priorityLevels,
    int defaultPriorityLevel, double quantile, double kneeTolerance, Duration dispatchLead, Duration minDispatchInterval,
    int marginWindow, double marginQuantile, double marginCapMs, int mlproxyInitialBatch, int mlproxyGrowStep) {

  public BatchingConfig {
    Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
    Objects.requireNonNull(dispatchLead, "dispatchLead");
    Objects.requireNonNull(minDispatchInterval, "minDispatchInterval");
    List<String> bad = new ArrayList<>();
    check(bad, maxBatch >= 1, "max-batch", maxBatch, "at least 1");
    check(bad, !maxQueueDelay.isNegative(), "max-queue-delay", maxQueueDelay, ">= 0");
    check(bad, defaultSloMs > 0 && Double.isFinite(defaultSloMs), "default-slo-ms", defaultSloMs, "a finite number > 0");
    check(bad, queueCapacity >= 1, "max-queue-size", queueCapacity, "at least 1");
    check(bad, priorityLevels >= 1, "priority-levels", priorityLevels, "at least 1");
    check(bad, defaultPriorityLevel >= 1 && defaultPriorityLevel <= Math.max(1, priorityLevels), "default-priority-level",
        defaultPriorityLevel, "between 1 and priority-levels (" + priorityLevels + ")");
    check(bad, quantile > 0 && quantile <= 1, "latency-quantile", quantile, "in (0, 1]");
    check(bad, kneeTolerance >= 0 && kneeTolerance < 1, "knee-tolerance", kneeTolerance, "in [0, 1)");
    check(bad, !dispatchLead.isNegative(), "dispatch-lead", dispatchLead, ">= 0");
    check(bad, !minDispatchInterval.isNegative(), "min-dispatch-interval", minDispatchInterval, ">= 0");
    check(bad, marginWindow >= 1, "margin-window", marginWindow, "at least 1");
    check(bad, marginQuantile >= 0 && marginQuantile <= 1, "margin-quantile", marginQuantile, "in [0, 1]");
    check(bad, marginCapMs >= 0 && Double.isFinite(marginCapMs), "margin-cap-ms", marginCapMs, "a finite number >= 0");
    check(bad, mlproxyInitialBatch >= 1 && mlproxyInitialBatch <= Math.max(1, maxBatch), "mlproxy-initial-batch",
        mlproxyInitialBatch, "between 1 and max-batch (" + maxBatch + ")");
    check(bad, mlproxyGrowStep >= 1, "mlproxy-grow-step", mlproxyGrowStep, "at least 1");
    if (!bad.isEmpty()) {
      throw CortadoException.invalidArgument("batching: %s", String.join("; ", bad));
    }
  }

  /**
   * Max batch 8, max queue delay 5 ms, default SLO 1 s (a request that states no deadline is not
   * refused for a tight one it never asked for), 1024 requests per queue, 3 priority
   * levels with priority 0 at the lowest, p99, 5 % knee tolerance, no dispatch lead, no dispatch
   * interval, margin from the
   * 0.9 quantile of the last 50 batches capped at 50 ms, MLProxy from batch 1 growing by 1.
   */
  public static BatchingConfig defaults() {
    return new BatchingConfig(8, Duration.ofMillis(5), 1000, 1024, 3, 3, 0.99, 0.05, Duration.ZERO, Duration.ZERO, 50, 0.9, 50, 1,
        1);
  }

  public static Builder builder() {
    return new Builder(defaults());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A request's deadline: arrival plus the tighter of its {@code latency_slo_ms} and its timeout,
   * or plus {@code default-slo-ms} when it gives neither.
   */
  public Instant deadline(Instant arrival, OptionalDouble latencySloMs, Optional<Duration> timeout) {
    Duration slo = latencySloMs.isPresent() ? Millis.duration(latencySloMs.getAsDouble()) : null;
    Duration bound = timeout.map(t -> slo == null || t.compareTo(slo) < 0 ? t : slo).orElse(slo);
    return arrival.plus(bound != null ? bound : Millis.duration(defaultSloMs));
  }

  /**
   * The priority level of a request priority: 0 is {@code default-priority-level}, 1 to
   * {@code priority-levels} are themselves.
   *
   * @throws CortadoException INVALID_ARGUMENT for any other value (the caller's mistake)
   */
  public int priorityLevel(int priority) {
    if (priority < 0 || priority > priorityLevels) {
      throw CortadoException.invalidArgument("priority = %d, must be between 0 (the default level, %d) and %d (priority-levels)",
          priority, defaultPriorityLevel, priorityLevels);
    }
    return priority == 0 ? defaultPriorityLevel : priority;
  }

  /** An empty queue with this capacity and default level. */
  public <T> RequestQueue<T> newQueue() {
    return new RequestQueue<>(queueCapacity, defaultPriorityLevel);
  }

  public CortadoBatching.Settings cortadoSettings() {
    return new CortadoBatching.Settings(quantile, kneeTolerance, dispatchLead, minDispatchInterval, marginWindow, marginQuantile,
        marginCapMs);
  }

  public MlproxyBatching.Settings mlproxySettings() {
    return MlproxyBatching.Settings.published().withGrowStep(mlproxyGrowStep);
  }

  private static void check(List<String> bad, boolean ok, String key, Object value, String expected) {
    if (!ok) {
      bad.add(key + " = " + value + ", must be " + expected);
    }
  }

  /** Builds a config from {@link #defaults()} (or another config), one key at a time. */
  public static final class Builder {
    private int maxBatch;
    private Duration maxQueueDelay;
    private double defaultSloMs;
    private int queueCapacity;
    private int priorityLevels;
    private Integer defaultPriorityLevel;
    private double quantile;
    private double kneeTolerance;
    private Duration dispatchLead;
    private Duration minDispatchInterval;
    private int marginWindow;
    private double marginQuantile;
    private double marginCapMs;
    private int mlproxyInitialBatch;
    private int mlproxyGrowStep;

    private Builder(BatchingConfig c) {
      maxBatch = c.maxBatch;
      maxQueueDelay = c.maxQueueDelay;
      defaultSloMs = c.defaultSloMs;
      queueCapacity = c.queueCapacity;
      priorityLevels = c.priorityLevels;
      defaultPriorityLevel = c.defaultPriorityLevel == c.priorityLevels ? null : c.defaultPriorityLevel;
      quantile = c.quantile;
      kneeTolerance = c.kneeTolerance;
      dispatchLead = c.dispatchLead;
      minDispatchInterval = c.minDispatchInterval;
      marginWindow = c.marginWindow;
      marginQuantile = c.marginQuantile;
      marginCapMs = c.marginCapMs;
      mlproxyInitialBatch = c.mlproxyInitialBatch;
      mlproxyGrowStep = c.mlproxyGrowStep;
    }

    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    public Builder maxQueueDelay(Duration maxQueueDelay) {
      this.maxQueueDelay = maxQueueDelay;
      return this;
    }

    public Builder defaultSloMs(double defaultSloMs) {
      this.defaultSloMs = defaultSloMs;
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Also moves the default level to the new lowest, unless {@link #defaultPriorityLevel} was set. */
    public Builder priorityLevels(int priorityLevels) {
      this.priorityLevels = priorityLevels;
      return this;
    }

    public Builder defaultPriorityLevel(int defaultPriorityLevel) {
      this.defaultPriorityLevel = defaultPriorityLevel;
      return this;
    }

    public Builder quantile(double quantile) {
      this.quantile = quantile;
      return this;
    }

    public Builder kneeTolerance(double kneeTolerance) {
      this.kneeTolerance = kneeTolerance;
      return this;
    }

    public Builder dispatchLead(Duration dispatchLead) {
      this.dispatchLead = dispatchLead;
      return this;
    }

    public Builder minDispatchInterval(Duration minDispatchInterval) {
      this.minDispatchInterval = minDispatchInterval;
      return this;
    }

    public Builder marginWindow(int marginWindow) {
      this.marginWindow = marginWindow;
      return this;
    }

    public Builder marginQuantile(double marginQuantile) {
      this.marginQuantile = marginQuantile;
      return this;
    }

    public Builder marginCapMs(double marginCapMs) {
      this.marginCapMs = marginCapMs;
      return this;
    }

    public Builder mlproxyInitialBatch(int mlproxyInitialBatch) {
      this.mlproxyInitialBatch = mlproxyInitialBatch;
      return this;
    }

    public Builder mlproxyGrowStep(int mlproxyGrowStep) {
      this.mlproxyGrowStep = mlproxyGrowStep;
      return this;
    }


    public BatchingConfig build() {
      int level = defaultPriorityLevel != null ? defaultPriorityLevel : priorityLevels;
      return new BatchingConfig(maxBatch, maxQueueDelay, defaultSloMs, queueCapacity, priorityLevels, level, quantile,
          kneeTolerance, dispatchLead, minDispatchInterval, marginWindow, marginQuantile, marginCapMs, mlproxyInitialBatch,
          mlproxyGrowStep);
    }
  }
}
