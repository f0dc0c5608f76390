package dev.cortado.control.batching;

import dev.cortado.control.batching.Dispatch.Trigger;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cortado's SLO-aware batching ({@code cortado}): hold requests as long as the most urgent of them
 * can still make its deadline, and no longer.
 *
 * <p>With {@code L(k)} the profile's latency of a batch of {@code k} items at quantile {@code q}
 * (p99 by default) and {@code m} the learned {@link LatencyMargin}, the batch is the longest prefix
 * of the queue in service order, at most {@code cap = min(maxBatch, knee)} items, whose every
 * request still meets its deadline if dispatched now: {@code now + L(items) + m <= deadline_i}.
 * It is dispatched now when it reached the cap (more requests would not raise throughput), when
 * more requests wait than it can take in time, or when waiting any longer would make its most urgent
 * request miss: {@code now >= min_i deadline_i - L(items) - m - lead}. Where batches of a size have been running
 * faster than the profile says (a profile taken on a busy machine), {@code L} is lowered to what they ran in
 * ({@link ObservedSpeed}); slower batches raise the margin instead. Otherwise an idle instance
 * takes the batch at once when it keeps up with the arrivals at that size (work-conserving), unless
 * the machine's CPU is over 80 % busy ({@link QueueView#machineCpuBusy}): the front end shares the
 * cores, and every batch's hand-offs take CPU from it, so the batch grows towards the cap for at
 * most a fifth of the time its oldest request could wait from its arrival; and unless the previous
 * batch went less than {@code minDispatchInterval} ago ({@link QueueView#lastDispatch}) while
 * requests arrive at least once per interval on average: then it waits for that interval to pass,
 * within the same fifth. Else: wait until the batch that keeps up
 * could have arrived, or the last safe instant (the batcher also asks again on each arrival). A head that
 * cannot make its deadline even alone goes at once ({@link Trigger#LATE}); the batcher should have
 * shed it with {@link #rejection}.
 *
 * <p>The knee is the smallest measured batch size whose throughput is within {@code kneeTolerance}
 * of the best measured at or below {@code maxBatch}; when that is the largest size measured there,
 * throughput was still growing at the edge of the profile and the knee is {@code maxBatch}.
 */
public final class CortadoBatching implements BatchPolicy {
  public static final String NAME = "cortado";
  /**
   * The machine CPU share (over the last half second) past which an idle instance lets a batch grow
   * (see {@link QueueView#machineCpuBusy}).
   */
  private static final double SATURATED = 0.8;

  /**
   * @param quantile the profile latency quantile batches are judged on
   * @param kneeTolerance how close to the best throughput counts as "stopped growing" (0.05: 5 %)
   * @param dispatchLead how much before the last safe instant to dispatch, for the batcher's timer
   *     jitter (0 in exact worlds such as the simulator)
   * @param minDispatchInterval an idle instance takes a batch no sooner than this after the
   *     previous batch went (0: at once; 0 in the simulator, which charges no CPU for hand-offs)
   * @param marginWindow how many recent batches the {@link LatencyMargin} remembers
   * @param marginQuantile which quantile of their errors becomes the margin
   * @param marginCapMs the largest margin, in milliseconds
   */
  public record Settings(double quantile, double kneeTolerance, Duration dispatchLead, Duration minDispatchInterval,
      int marginWindow, double marginQuantile, double marginCapMs) {
    public Settings {
      Objects.requireNonNull(dispatchLead, "dispatchLead");
      Objects.requireNonNull(minDispatchInterval, "minDispatchInterval");
      if (minDispatchInterval.isNegative()) {
        throw new IllegalArgumentException("minDispatchInterval = " + minDispatchInterval + ", must be >= 0");
      }
      if (!(quantile > 0 && quantile <= 1)) {
        throw new IllegalArgumentException("quantile = " + quantile + ", must be in (0, 1]");
      }
      if (!(kneeTolerance >= 0 && kneeTolerance < 1)) {
        throw new IllegalArgumentException("kneeTolerance = " + kneeTolerance + ", must be in [0, 1)");
      }
      if (dispatchLead.isNegative()) {
        throw new IllegalArgumentException("dispatchLead = " + dispatchLead + ", must be >= 0");
      }
      new LatencyMargin(marginWindow, marginQuantile, marginCapMs); // validates the margin's settings
    }

    /** p99, 5 % knee tolerance, no lead, no interval, margin from the 0.9 quantile of the last 50 batches, at most 50 ms. */
    public static Settings defaults() {
      return new Settings(0.99, 0.05, Duration.ZERO, Duration.ZERO, 50, 0.9, 50);
    }
  }

  private final Profile profile;
  private final int maxBatch;
  private final Settings settings;
  private final int knee;
  private final int cap;
  private final Admission admission;
  private final LatencyMargin margin;
  /** What a batch holds its instance beyond the profile's median compute: hand-offs, waiting. */
  private final LatencyMargin perBatchCost;
  /** The profile's latency per batch size (judged quantile and median), lowered where observed batches ran faster. */
  private final ObservedSpeed speed;

  public CortadoBatching(Profile profile, int maxBatch) {
    this(profile, maxBatch, Settings.defaults());
  }

  public CortadoBatching(Profile profile, int maxBatch, Settings settings) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.settings = Objects.requireNonNull(settings, "settings");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch = " + maxBatch + ", must be at least 1");
    }
    this.maxBatch = maxBatch;
    this.knee = knee(profile, maxBatch, settings.kneeTolerance());
    this.cap = Math.min(maxBatch, knee);
    this.admission = new Admission(settings.quantile());
    this.margin = new LatencyMargin(settings.marginWindow(), settings.marginQuantile(), settings.marginCapMs());
    this.perBatchCost = new LatencyMargin(settings.marginWindow(), 0.5, settings.marginCapMs());
    this.speed = new ObservedSpeed(new LatencyTable(profile, settings.quantile(), maxBatch),
        new LatencyTable(profile, 0.5, maxBatch));
  }

  @Override
  public Dispatch decide(QueueView queue, Instant now) {
    Optional<Dispatch> idle = Dispatch.idle(queue);
    if (idle.isPresent()) {
      return idle.get();
    }
    // The reasons below are written only when read (Dispatch.Now.explained): each captures the
    // values it prints as they are now, never the live queue.
    double m = margin.marginMs();
    Prefix prefix = queue.uniform() ? uniformPrefix(queue, now, m) : scannedPrefix(queue, now, m);
    if (prefix.requests() == 0) {
      Pending head = queue.head().orElseThrow();
      return Dispatch.Now.explained(1, () -> "the head cannot meet its deadline even alone ("
          + Millis.num(Millis.between(now, head.deadline())) + " ms left); serving it at once", Trigger.LATE,
          latencyMs(head.items()));
    }
    int n = prefix.requests();
    int items = prefix.items();
    Instant urgent = prefix.urgent();
    Instant oldest = prefix.oldest();
    boolean capped = prefix.capped();
    double predicted = latencyMs(items);
    int requests = n;
    int batchItems = items;
    if (capped || items >= cap) {
      return cap == maxBatch
          ? Dispatch.Now.explained(n, () -> batch(requests, batchItems) + " is full (max batch " + maxBatch + ")", Trigger.FULL,
              predicted)
          : Dispatch.Now.explained(n, () -> batch(requests, batchItems) + " reached the knee: throughput stops growing past " + knee,
              Trigger.KNEE, predicted);
    }
    if (n < queue.size()) {
      int waiting = queue.size() - n;
      return Dispatch.Now.explained(n, () -> batch(requests, batchItems) + " is all that can meet its deadlines; " + waiting
          + " more wait", Trigger.BACKLOG, predicted);
    }
    Instant mostUrgent = urgent;
    Instant latest = urgent.minus(Millis.duration(predicted + m)).minus(settings.dispatchLead());
    if (!now.isBefore(latest)) {
      return Dispatch.Now.explained(n, () -> batch(requests, batchItems) + " must go: its most urgent request has "
          + Millis.num(Millis.between(now, mostUrgent)) + " ms left and the batch takes " + budget(predicted, m), Trigger.DEADLINE,
          predicted);
    }
    // Work-conserving unless waiting pays: an idle instance takes the batch now when it keeps up
    // with the arrivals at this batch size (batches then form by themselves while it computes), and
    // waits for a bigger batch only when batches this small would fall behind: at most until the
    // batch that keeps up could have arrived, and never past the last safe instant.
    double rate = queue.arrivalRatePerSecond(now);
    double busy = queue.machineCpuBusy();
    // The two rules below let a batch grow for at most a fifth of the time its oldest request could
    // wait from its arrival: a fifth of what is left on every wake-up would add up to all of it.
    // (In nanoseconds: Duration.dividedBy goes through BigDecimal, and this runs on every arrival.)
    Instant grown = oldest.plusNanos(Duration.between(oldest, latest).toNanos() / 5);
    if (busy >= SATURATED && Double.isFinite(rate) && rate > 0) {
      // The instance is idle but the machine's CPU is not: hand-offs would take CPU from the front
      // end. Let the batch grow to the cap.
      Instant full = now.plus(Millis.duration((cap - items) / rate * 1000.0));
      Instant until = full.isBefore(grown) ? full : grown;
      if (until.isAfter(now)) {
        return Dispatch.WaitUntil.explained(until, () -> batch(requests, batchItems) + " waits "
            + Millis.num(Millis.between(now, until)) + " ms to grow: the machine's CPU is " + Millis.num(100 * busy)
            + " % busy, and every batch's hand-offs take some of it");
      }
    }
    // Every batch costs the front end its hand-offs, however idle the instance: taking batches no
    // more often than the interval bounds that cost. At low load, where requests arrive further
    // apart than the interval on average, waiting would gather nothing: it goes at once.
    Optional<Instant> last = queue.lastDispatch();
    double intervalMs = settings.minDispatchInterval().toNanos() / 1e6;
    if (intervalMs > 0 && last.isPresent() && Double.isFinite(rate) && rate * intervalMs / 1000 >= 1) {
      Instant spaced = last.get().plus(settings.minDispatchInterval());
      Instant until = spaced.isBefore(grown) ? spaced : grown;
      if (until.isAfter(now)) {
        return Dispatch.WaitUntil.explained(until, () -> batch(requests, batchItems) + " waits "
            + Millis.num(Millis.between(now, until)) + " ms: the last batch went " + Millis.num(Millis.between(last.get(), now))
            + " ms ago, and an idle instance takes one at most every " + Millis.num(intervalMs) + " ms");
      }
    }
    if (Double.isNaN(rate) || utilisation(rate, items) < 1) {
      return Dispatch.Now.explained(n, () -> batch(requests, batchItems) + " goes now: " + (Double.isNaN(rate)
          ? "no arrival rate yet" : "at " + Millis.num(rate) + " requests/s an instance keeps up with batches this size"),
          Trigger.IMMEDIATE, predicted);
    }
    if (Double.isFinite(rate)) {
      int keepsUp = items;
      while (keepsUp < cap && utilisation(rate, keepsUp) >= 1) {
        keepsUp++;
      }
      int more = keepsUp - items;
      Instant filled = now.plus(Millis.duration(more / rate * 1000.0));
      if (filled.isBefore(latest)) {
        return Dispatch.WaitUntil.explained(filled, () -> batch(requests, batchItems) + " waits "
            + Millis.num(Millis.between(now, filled)) + " ms for " + more + " more items, the batch that keeps up with "
            + Millis.num(rate) + " requests/s");
      }
    }
    return Dispatch.WaitUntil.explained(latest, () -> batch(requests, batchItems) + " can wait "
        + Millis.num(Millis.between(now, latest)) + " ms for more requests: it takes " + budget(predicted, m));
  }

  /**
   * The batch that would go now: the longest prefix of the queue in service order, at most
   * {@code cap} items (a first request larger goes alone), whose every request meets its deadline.
   *
   * @param urgent the earliest deadline in it; oldest: the earliest arrival in it (null when empty)
   * @param capped whether the next request would have taken it past {@code cap}
   */
  private record Prefix(int requests, int items, Instant urgent, Instant oldest, boolean capped) {}

  /** The prefix, request by request: O(cap) per decision. */
  private Prefix scannedPrefix(QueueView queue, Instant now, double m) {
    List<Pending> first = queue.first(cap);
    int n = 0;
    int items = 0;
    Instant urgent = null;
    Instant oldest = null;
    boolean capped = false;
    for (int i = 0; i < first.size(); i++) {
      Pending p = first.get(i);
      int next = items + p.items();
      if (n > 0 && next > cap) {
        capped = true;
        break;
      }
      Instant u = urgent == null || p.deadline().isBefore(urgent) ? p.deadline() : urgent;
      if (!Admission.fits(now, latencyMs(next) + m, u)) {
        break;
      }
      n++;
      items = next;
      urgent = u;
      oldest = oldest == null || p.arrival().isBefore(oldest) ? p.arrival() : oldest;
    }
    return new Prefix(n, items, urgent, oldest, capped);
  }

  /**
   * The same prefix of a {@link QueueView#uniform} queue, by bisection: every request has the head's
   * items and priority level, so service order is deadline order, the head's deadline is the
   * earliest of any prefix, and whether {@code c} requests fit is monotone in {@code c}. The
   * earliest arrival matters only when the prefix is the whole queue (else the batch goes for the
   * backlog first), where it is the queue's. O(log cap) per decision, where a decision comes with
   * every arrival.
   */
  private Prefix uniformPrefix(QueueView queue, Instant now, double m) {
    Pending head = queue.head().orElseThrow();
    int each = head.items();
    int most = each >= cap ? 1 : Math.min(queue.size(), cap / each);
    int lo = 0;
    int hi = most;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (Admission.fits(now, latencyMs(mid * each) + m, head.deadline())) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    boolean capped = lo == most && queue.size() > most;
    return lo == 0 ? new Prefix(0, 0, null, null, false)
        : new Prefix(lo, lo * each, head.deadline(), queue.oldestArrival(), capped);
  }

  private static String batch(int requests, int items) {
    return "batch of " + requests + (items == requests ? "" : " (" + items + " items)");
  }

  /** What a batch's time is judged as: the profile's latency at the quantile, plus any margin. */
  private String budget(double predictedMs, double marginMs) {
    return Millis.num(predictedMs) + " ms (" + Admission.label(settings.quantile()) + ")"
        + (marginMs > 0 ? " + " + Millis.num(marginMs) + " ms margin" : "");
  }

  /**
   * Seconds of instance time per second if every batch had {@code items} items at this arrival
   * rate: the profile's median compute plus what a batch has typically cost beyond it here (learned
   * from observed batches, paid once per batch).
   */
  private double utilisation(double ratePerSecond, int items) {
    int b = Math.max(1, items);
    return ratePerSecond * (speed.medianMs(b) + perBatchCost.typicalErrorMs()) / 1000.0 / b;
  }

  /**
   * Learns from a batch: how fast batches of its size run against the profile ({@link ObservedSpeed}), then the margin
   * from its latency against the prediction for the size that ran.
   */
  @Override
  public void observe(BatchOutcome outcome) {
    speed.observe(outcome.batchSize(), outcome.latencyMs());
    // The deadline margin learns from the model's run against the profile's tail; the per-batch
    // cost (used only to decide whether waiting pays) from the instance's whole occupancy against
    // the profile's median. Admission never learns from hand-offs, so a burst of slow hand-offs
    // cannot make it refuse the requests it would need to serve to learn otherwise.
    margin.observe(outcome.latencyMs(), latencyMs(outcome.batchSize()));
    perBatchCost.observe(outcome.occupancyMs(), speed.medianMs(Math.max(1, outcome.batchSize())));
  }

  @Override
  public Optional<String> rejection(Pending request, Instant now) {
    return admission.rejection(request, now, profile, latencyMs(request.items()), margin.marginMs());
  }

  /** Yes: {@link Admission} refuses exactly the requests due before {@code now + latency(items) + margin}. */
  @Override
  public boolean rejectsByDeadline() {
    return true;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The latency of a batch of {@code items} at the configured quantile, without margin: the profile's, lowered where
   * this instance has been running batches of that size faster than profiled ({@link ObservedSpeed}).
   */
  public double latencyMs(int items) {
    return speed.judgedMs(items);
  }

  /** How this instance's batches of {@code items} have been running against the profile: 1 where the profile stands. */
  public double observedSpeedFactor(int items) {
    return speed.factor(items);
  }

  /** The safety margin learned so far, in milliseconds. */
  public double marginMs() {
    return margin.marginMs();
  }

  /** The batch size past which throughput stops growing (see the class comment). */
  public int knee() {
    return knee;
  }

  /** The most items one batch takes: {@code min(maxBatch, knee)}. */
  public int cap() {
    return cap;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public Settings settings() {
    return settings;
  }

  /** The knee of a profile for a max batch size (see the class comment). */
  public static int knee(Profile profile, int maxBatch, double tolerance) {
    List<BatchLatency> measured = profile.batches().stream().filter(b -> b.batchSize() <= maxBatch).toList();
    if (measured.isEmpty()) {
      return maxBatch;
    }
    double best = measured.stream().mapToDouble(BatchLatency::throughputPerSecond).max().orElseThrow();
    int knee = measured.stream()
        .filter(b -> b.throughputPerSecond() >= (1 - tolerance) * best)
        .mapToInt(BatchLatency::batchSize)
        .min()
        .orElseThrow();
    return knee == measured.getLast().batchSize() ? maxBatch : knee;
  }
}
