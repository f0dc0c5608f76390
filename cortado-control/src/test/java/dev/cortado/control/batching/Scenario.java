package dev.cortado.control.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One variant's queue and policy, stepped by a manual clock: enqueue, move to an instant, assert
 * what the policy decides, and take the batch it asks for. Times are milliseconds since the epoch.
 */
final class Scenario {
  private final ManualClock clock = ManualClock.atEpoch();
  private final RequestQueue<String> queue;
  private final BatchPolicy policy;
  private int idleInstances = 1;
  /**
   * The arrival rate the policy sees. Heavy load (infinite) by default, so batching policies are
   * tested where batching matters; {@link #arrivalRate} sets another, NaN means "measured by the queue".
   */
  private double arrivalRate = Double.POSITIVE_INFINITY;

  Scenario(BatchPolicy policy) {
    this(policy, 64, 3);
  }

  Scenario(BatchPolicy policy, int capacity, int defaultPriorityLevel) {
    this.policy = policy;
    this.queue = new RequestQueue<>(capacity, defaultPriorityLevel);
  }

  static Instant ms(double ms) {
    return Instant.EPOCH.plusNanos(Math.round(ms * 1e6));
  }

  /** Moves the clock to {@code ms} (never back). */
  Scenario at(double ms) {
    clock.advance(Duration.between(clock.instant(), ms(ms)));
    return this;
  }

  Instant now() {
    return clock.instant();
  }

  Scenario arrivalRate(double perSecond) {
    this.arrivalRate = perSecond;
    return this;
  }

  /** How busy the machine's CPU is, as the batcher would measure it (NaN: not measured, the default). */
  Scenario cpuBusy(double share) {
    queue.machineCpuBusy(share);
    return this;
  }

  Scenario idleInstances(int idle) {
    this.idleInstances = idle;
    return this;
  }

  /** Queues a one-item request with default priority and an SLO of {@code sloMs} from now; asserts it is admitted. */
  Scenario enqueue(String name, double sloMs) {
    return enqueue(name, sloMs, 0, 1);
  }

  Scenario enqueue(String name, double sloMs, int priority, int items) {
    assertThat(offer(name, sloMs, priority, items)).isInstanceOf(Offer.Accepted.class);
    return this;
  }

  /** Offers a request through the policy's admission rule. */
  Offer offer(String name, double sloMs, int priority, int items) {
    Instant now = now();
    return queue.offer(name, now, now.plus(Millis.duration(sloMs)), priority, items, p -> policy.rejection(p, now));
  }

  Dispatch decide() {
    QueueView view = queue.view(idleInstances);
    if (Double.isNaN(arrivalRate)) {
      return policy.decide(view, now());
    }
    double rate = arrivalRate;
    return policy.decide(new QueueView() {
      @Override public int size() { return view.size(); }
      @Override public int items() { return view.items(); }
      @Override public java.util.List<Pending> inOrder() { return view.inOrder(); }
      @Override public java.util.List<Pending> first(int n) { return view.first(n); }
      @Override public java.util.Optional<Pending> head() { return view.head(); }
      @Override public Instant oldestArrival() { return view.oldestArrival(); }
      @Override public int idleInstances() { return view.idleInstances(); }
      @Override public double arrivalRatePerSecond(Instant at) { return rate; }
      @Override public double machineCpuBusy() { return view.machineCpuBusy(); }
      @Override public java.util.Optional<Instant> lastDispatch() { return view.lastDispatch(); }
    }, now());
  }

  Scenario expectWaitUntil(double ms) {
    Dispatch d = decide();
    assertThat(d).as("%s", d).isInstanceOf(Dispatch.WaitUntil.class);
    assertThat(((Dispatch.WaitUntil) d).time()).as(((Dispatch.WaitUntil) d).reason()).isEqualTo(ms(ms));
    return this;
  }

  Scenario expectIdle(String reason) {
    assertThat(decide()).isEqualTo(new Dispatch.Idle(reason));
    return this;
  }

  /** Asserts a dispatch of exactly these requests, in this order, for this reason, and takes them. */
  Scenario expectDispatch(Dispatch.Trigger trigger, String... names) {
    Dispatch d = decide();
    assertThat(d).as("%s", d).isInstanceOf(Dispatch.Now.class);
    Dispatch.Now now = (Dispatch.Now) d;
    assertThat(now.trigger()).as(now.reason()).isEqualTo(trigger);
    assertThat(queue.take(now.requests(), now())).as(now.reason()).containsExactly(names);
    return this;
  }

  List<RequestQueue.Queued<String>> shed() {
    Instant now = now();
    return queue.removeIf(p -> policy.rejection(p, now).isPresent());
  }

  RequestQueue<String> queue() {
    return queue;
  }
}
