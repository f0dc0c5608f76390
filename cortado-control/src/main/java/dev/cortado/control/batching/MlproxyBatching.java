package dev.cortado.control.batching;

import dev.cortado.control.batching.Dispatch.Trigger;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * MLProxy's adaptive batching ({@code mlproxy}; Mahmoudi and Khazaei, arXiv 2202.11243; code:
 * pacslab/serverless-ml-serving), as the baseline Cortado is compared against.
 *
 * <p>Dispatch: when the queue holds a batch of the current size {@code bs}, or when the oldest
 * request has waited {@code max(slo - p95(bs), minTimer)}, where {@code p95(bs)} is the p95 of the
 * latencies observed for batches of {@code bs} (the last {@code samplesPerSize}), or the profile's
 * p95 before any was observed.
 *
 * <p>Adaptation, once per {@code adaptEvery} of outcome time (30 s), over the batches that completed
 * in that interval: shrink {@code bs} to {@code min(floor(shrinkFactor * bs), bs - 1)} when the p95
 * of request latencies is at least {@code sloTargetFraction * slo} or at least
 * {@code timerShareThreshold} of the dispatches were timer-triggered; else grow it to
 * {@code max(bs + growStep, bs + 1)}; always within {@code [minBatch, maxBatch]}. An interval with
 * no batches grows it, as MLProxy's controller does when it has no statistics. This is
 * {@code SmartProxyController.calculate_new_bs} and {@code control_loop} in
 * {@code experiments/exp_trace_utils.py}.
 */
public final class MlproxyBatching implements BatchPolicy {
  public static final String NAME = "mlproxy";

  /**
   * MLProxy's knobs; {@link #published()} has the values of its code.
   *
   * @param minBatch the smallest batch size it shrinks to
   * @param growStep how much it grows per interval ({@code inc_step})
   * @param shrinkFactor how much it shrinks ({@code dec_mult})
   * @param sloTargetFraction the fraction of the SLO that request p95 must stay below ({@code slo_target})
   * @param timerShareThreshold the share of timer-triggered dispatches that shrinks the batch
   * @param adaptEvery the adaptation interval
   * @param minTimer the shortest buffer timer
   * @param samplesPerSize how many observed latencies per batch size it keeps ({@code upstream_rt_max_len})
   */
  public record Settings(int minBatch, int growStep, double shrinkFactor, double sloTargetFraction, double timerShareThreshold,
      Duration adaptEvery, Duration minTimer, int samplesPerSize) {
    public Settings {
      Objects.requireNonNull(adaptEvery, "adaptEvery");
      Objects.requireNonNull(minTimer, "minTimer");
      if (minBatch < 1 || growStep < 1 || samplesPerSize < 1) {
        throw new IllegalArgumentException("minBatch = " + minBatch + ", growStep = " + growStep + ", samplesPerSize = "
            + samplesPerSize + ": each must be at least 1");
      }
      if (!(shrinkFactor > 0 && shrinkFactor < 1)) {
        throw new IllegalArgumentException("shrinkFactor = " + shrinkFactor + ", must be in (0, 1)");
      }
      if (!(sloTargetFraction > 0) || !(timerShareThreshold >= 0 && timerShareThreshold <= 1)) {
        throw new IllegalArgumentException("sloTargetFraction = " + sloTargetFraction + " must be > 0 and timerShareThreshold = "
            + timerShareThreshold + " in [0, 1]");
      }
      if (adaptEvery.isNegative() || adaptEvery.isZero() || minTimer.isNegative()) {
        throw new IllegalArgumentException("adaptEvery = " + adaptEvery + " must be > 0 and minTimer = " + minTimer + " >= 0");
      }
    }

    /**
     * The values in MLProxy's code: {@code dec_mult} 0.7, {@code slo_target} 0.8 SLO,
     * {@code average_timeout_ratio_threshold} 0.5, a 30 s loop, a 50 ms floor on the timer, 1000
     * samples per batch size; {@code inc_step} 1 ({@code calculate_new_bs}'s default; its trace
     * experiment used 5) and a minimum batch of 1 (the experiment's {@code min_bs}).
     */
    public static Settings published() {
      return new Settings(1, 1, 0.7, 0.8, 0.5, Duration.ofSeconds(30), Duration.ofMillis(50), 1000);
    }

    public Settings withGrowStep(int step) {
      return new Settings(minBatch, step, shrinkFactor, sloTargetFraction, timerShareThreshold, adaptEvery, minTimer, samplesPerSize);
    }
  }

  private final Profile profile;
  private final double sloMs;
  private final int maxBatch;
  private final Settings settings;
  private final Map<Integer, ArrayDeque<Double>> observedBySize = new HashMap<>();
  private final List<Double> windowLatencies = new ArrayList<>();
  private int batchSize;
  private Instant windowStart;
  private int windowDispatches;
  private int windowTimerDispatches;

  public MlproxyBatching(Profile profile, double sloMs, int initialBatch, int maxBatch) {
    this(profile, sloMs, initialBatch, maxBatch, Settings.published());
  }

  /**
   * @param sloMs the service's timeout (MLProxy has one per service): the timer and the p95 rule use it
   * @param initialBatch the batch size before any adaptation
   */
  public MlproxyBatching(Profile profile, double sloMs, int initialBatch, int maxBatch, Settings settings) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (!(sloMs > 0) || Double.isInfinite(sloMs)) {
      throw new IllegalArgumentException("sloMs = " + sloMs + ", must be finite and > 0");
    }
    if (maxBatch < settings.minBatch() || initialBatch < settings.minBatch() || initialBatch > maxBatch) {
      throw new IllegalArgumentException("initialBatch = " + initialBatch + ", must be in [minBatch, maxBatch] = ["
          + settings.minBatch() + ", " + maxBatch + "]");
    }
    this.sloMs = sloMs;
    this.maxBatch = maxBatch;
    this.batchSize = initialBatch;
  }

  @Override
  public Dispatch decide(QueueView queue, Instant now) {
    Optional<Dispatch> idle = Dispatch.idle(queue);
    if (idle.isPresent()) {
      return idle.get();
    }
    int requests = queue.requestsWithin(batchSize);
    int items = queue.first(requests).stream().mapToInt(Pending::items).sum();
    // Reasons are written when read (Dispatch.Now.explained), from values captured now.
    int size = batchSize;
    int queued = queue.items();
    if (queued >= size) {
      return Dispatch.Now.explained(requests, () -> "buffer full: batch size " + size, Trigger.FULL, p95Ms(items));
    }
    double p95 = p95Ms(size);
    double timerMs = Math.max(sloMs - p95, settings.minTimer().toNanos() / 1e6); // timerMs(), with p95 computed once
    Instant due = queue.oldestArrival().plus(Millis.duration(timerMs));
    if (!now.isBefore(due)) {
      return Dispatch.Now.explained(requests, () -> "buffer timer of " + Millis.num(timerMs) + " ms ran out with " + queued
          + " of " + size + " items", Trigger.TIMER, p95Ms(items));
    }
    return Dispatch.WaitUntil.explained(due, () -> "buffer holds " + queued + " of " + size + " items; timer "
        + Millis.num(timerMs) + " ms = max(SLO " + Millis.num(sloMs) + " - p95(" + size + ") " + Millis.num(p95)
        + ", " + Millis.num(settings.minTimer().toNanos() / 1e6) + ")");
  }

  @Override
  public void observe(BatchOutcome outcome) {
    if (windowStart == null) {
      windowStart = outcome.at();
    }
    long intervals = Duration.between(windowStart, outcome.at()).toNanos() / settings.adaptEvery().toNanos();
    for (long i = 0; i < intervals; i++) {
      adapt();
      if (batchSize == maxBatch) {
        break; // further empty intervals could only grow it
      }
    }
    windowStart = windowStart.plus(settings.adaptEvery().multipliedBy(Math.max(0, intervals)));
    windowLatencies.addAll(outcome.requestLatenciesMs());
    windowDispatches++;
    if (outcome.timerTriggered()) {
      windowTimerDispatches++;
    }
    ArrayDeque<Double> samples = observedBySize.computeIfAbsent(outcome.batchSize(), k -> new ArrayDeque<>());
    if (samples.size() == settings.samplesPerSize()) {
      samples.removeFirst();
    }
    samples.addLast(outcome.latencyMs());
  }

  /** Closes one adaptation interval: shrink or grow the batch size, then start a new interval. */
  private void adapt() {
    boolean slow = !windowLatencies.isEmpty() && p95(windowLatencies) >= settings.sloTargetFraction() * sloMs;
    boolean timers = windowDispatches > 0 && windowTimerDispatches >= settings.timerShareThreshold() * windowDispatches;
    batchSize = slow || timers ? shrunk(batchSize) : grown(batchSize);
    windowLatencies.clear();
    windowDispatches = 0;
    windowTimerDispatches = 0;
  }

  private int shrunk(int bs) {
    int next = Math.min((int) (bs * settings.shrinkFactor()), bs - 1);
    return Math.clamp(next, settings.minBatch(), maxBatch);
  }

  private int grown(int bs) {
    int next = Math.max(bs + settings.growStep(), bs + 1);
    return Math.clamp(next, settings.minBatch(), maxBatch);
  }

  /** The buffer timer: {@code max(slo - p95(bs), minTimer)}, in milliseconds. */
  public double timerMs() {
    return Math.max(sloMs - p95Ms(batchSize), settings.minTimer().toNanos() / 1e6);
  }

  /** The p95 latency of a batch of {@code size}: observed when it has been, else the profile's. */
  public double p95Ms(int size) {
    ArrayDeque<Double> samples = observedBySize.get(size);
    return samples == null || samples.isEmpty() ? profile.latencyMs(size, 0.95) : p95(samples);
  }

  /** The current batch size. */
  public int batchSize() {
    return batchSize;
  }

  /** Yes, trivially: it rejects nothing. */
  @Override
  public boolean rejectsByDeadline() {
    return true;
  }

  @Override
  public String name() {
    return NAME;
  }

  private static double p95(Collection<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return BatchLatency.quantile(sorted, 0.95);
  }
}
