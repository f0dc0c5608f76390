package dev.cortado.sim.engine;

import dev.cortado.control.batching.BatchOutcome;
import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.batching.Dispatch;
import dev.cortado.control.batching.Offer;
import dev.cortado.control.batching.Pending;
import dev.cortado.control.batching.RequestQueue;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.trace.ArrivalStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One variant on simulated time: requests from an {@link ArrivalStream} enter a {@link RequestQueue}
 * and a {@link BatchPolicy} batches them onto a fixed number of instances, each running one batch at
 * a time, exactly as the server's batcher does: admit with {@code policy.rejection}; on every
 * arrival, timer and finished batch shed what the policy rejects, then {@code policy.decide}; on
 * {@code Now} run the batch, on {@code WaitUntil} set a timer, on {@code Idle} wait; after each batch
 * {@code policy.observe}. A batch's service time is a draw from the profile ({@link ServiceTimes}).
 *
 * <p>Only counts, sums and a {@link LatencyHistogram} are kept; a request is held only while queued
 * or running. Not thread-safe: it lives on its {@link EventLoop}'s thread.
 */
public final class SimulatedVariant {
  private static final int DEFAULT_PRIORITY_LEVEL = 1;
  private static final long NO_TIMER = -1;

  private final EventLoop loop;
  private final Profile profile;
  private final BatchPolicy policy;
  private final SimulationSpec spec;
  private final ArrivalStream arrivals;
  private final RequestQueue<Void> queue;
  private final ServiceTimes serviceTimes;
  private final long sloNanos;
  private final LatencyHistogram latencies = new LatencyHistogram();

  private long startNanos = -1;
  private int idle;
  /** When the pending policy timer fires; {@link #NO_TIMER} when none is set. */
  private long timerAt = NO_TIMER;
  private long arrived;
  private long admitted;
  private long rejected;
  private long shed;
  private long answered;
  private long withinSlo;
  private long batches;
  private long batchedItems;
  private long busyDoneNanos;
  private int running;
  /** Sum of the start times of the running batches: their busy time so far is {@code running * now - this}. */
  private long runningStartSum;

  public SimulatedVariant(EventLoop loop, Profile profile, BatchPolicy policy, SimulationSpec spec, ArrivalStream arrivals) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.profile = Objects.requireNonNull(profile, "profile");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
    this.queue = new RequestQueue<>(spec.queueCapacity(), DEFAULT_PRIORITY_LEVEL);
    this.serviceTimes = new ServiceTimes(profile, spec.seed());
    this.sloNanos = spec.slo().toNanos();
    this.idle = spec.instances();
  }

  /** Simulates a variant on its own loop from 0 to {@code untilNanos}. */
  public static SimulationResult simulate(Profile profile, BatchPolicy policy, SimulationSpec spec, ArrivalStream arrivals,
      long untilNanos) {
    return new SimulatedVariant(new EventLoop(), profile, policy, spec, arrivals).run(untilNanos);
  }

  /**
   * Starts the arrivals (at the loop's current time, the first call only), runs the loop to
   * {@code untilNanos} and returns the figures so far.
   */
  public SimulationResult run(long untilNanos) {
    start();
    loop.run(untilNanos);
    return result();
  }

  /** Starts the arrivals at the loop's current time: the stream's 0 is now. Once only. */
  public void start() {
    if (startNanos >= 0) {
      return;
    }
    startNanos = loop.now();
    scheduleNextArrival();
  }

  /** The figures as of the loop's current time. */
  public SimulationResult result() {
    long now = loop.now();
    long busy = busyDoneNanos + running * now - runningStartSum;
    return new SimulationResult(policy.name(), startNanos < 0 ? 0 : now - startNanos, spec.instances(),
        profile.size().threads(), new SimulationResult.Requests(arrived, admitted, rejected, shed, answered, withinSlo),
        SimulationResult.Latency.of(latencies), batches, batchedItems, busy);
  }

  private void scheduleNextArrival() {
    long next = arrivals.nextNanos();
    if (next >= 0) {
      loop.schedule(Math.max(loop.now(), startNanos + next), this::arrive);
    }
  }

  private void arrive() {
    arrived++;
    Instant now = loop.instant();
    Offer offer = queue.offer(null, now, now.plusNanos(sloNanos), 0, 1, p -> policy.rejection(p, now));
    switch (offer) {
      case Offer.Accepted a -> admitted++;
      case Offer.Rejected r -> rejected++;
    }
    decide();
    scheduleNextArrival();
  }

  private void onTimer(long at) {
    if (timerAt != at) {
      return; // superseded by an earlier timer that already ran
    }
    timerAt = NO_TIMER;
    decide();
  }

  /** The batcher's step: shed, ask the policy, and act, until it says to wait. */
  private void decide() {
    while (true) {
      Instant now = loop.instant();
      shed += queue.removeIf(p -> policy.rejection(p, now).isPresent()).size();
      Dispatch d = policy.decide(queue.view(idle), now);
      switch (d) {
        case Dispatch.Now n -> startBatch(queue.takeQueued(n.requests()), n);
        case Dispatch.WaitUntil w -> {
          setTimer(Math.max(loop.now() + 1, loop.nanosAt(w.time())));
          return;
        }
        case Dispatch.Idle i -> {
          return;
        }
      }
    }
  }

  private void setTimer(long at) {
    if (timerAt == NO_TIMER || at < timerAt) {
      timerAt = at;
      loop.schedule(at, () -> onTimer(at));
    }
  }

  private void startBatch(List<RequestQueue.Queued<Void>> batch, Dispatch.Now decision) {
    if (idle == 0) {
      throw new IllegalStateException("policy " + policy.name() + " dispatched a batch with no idle instance");
    }
    int items = 0;
    for (RequestQueue.Queued<Void> q : batch) {
      items += q.pending().items();
    }
    long started = loop.now();
    long service = serviceTimes.drawNanos(items);
    idle--;
    running++;
    runningStartSum += started;
    int batchItems = items;
    loop.schedule(started + service, () -> finishBatch(batch, batchItems, started, decision));
  }

  private void finishBatch(List<RequestQueue.Queued<Void>> batch, int items, long started, Dispatch.Now decision) {
    long finished = loop.now();
    idle++;
    running--;
    runningStartSum -= started;
    busyDoneNanos += finished - started;
    batches++;
    batchedItems += items;
    List<Double> latenciesMs = new ArrayList<>(batch.size());
    List<Double> slosMs = new ArrayList<>(batch.size());
    for (RequestQueue.Queued<Void> q : batch) {
      Pending p = q.pending();
      long latency = finished - loop.nanosAt(p.arrival());
      answered++;
      if (latency <= sloNanos) {
        withinSlo++;
      }
      latencies.record(latency);
      latenciesMs.add(latency / 1e6);
      slosMs.add(p.sloMs());
    }
    double predicted = Double.isFinite(decision.predictedLatencyMs()) && decision.predictedLatencyMs() >= 0
        ? decision.predictedLatencyMs() : Double.NaN;
    policy.observe(new BatchOutcome(loop.instant(), items, (finished - started) / 1e6, predicted, decision.timerTriggered(),
        latenciesMs, slosMs));
    decide();
  }
}
