package dev.cortado.control.batching;

import static dev.cortado.control.batching.Dispatch.Trigger.BACKLOG;
import static dev.cortado.control.batching.Dispatch.Trigger.DEADLINE;
import static dev.cortado.control.batching.Dispatch.Trigger.FULL;
import static dev.cortado.control.batching.Dispatch.Trigger.KNEE;
import static dev.cortado.control.batching.Dispatch.Trigger.LATE;
import static dev.cortado.control.batching.Scenario.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cortado's policy on {@link BatchProfiles#linear()} (p99 of a batch of b is 1 + b ms), max batch 8,
 * margin 0 unless learned.
 */
class CortadoBatchingTest {
  private static final String[] EIGHT = {"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"};

  record Case(String name, Consumer<Scenario> script) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("deadline edge: deadline 10 ms, batch-1 takes 2 ms: wait until 8, go at 8", s -> s
            .enqueue("a", 10).expectWaitUntil(8)
            .at(7).expectWaitUntil(8)
            .at(7.999999).expectWaitUntil(8)
            .at(8).expectDispatch(DEADLINE, "a")
            .expectIdle(Dispatch.Idle.EMPTY)),
        new Case("a second request joins and the batch of 2 (3 ms) must leave at 7", s -> s
            .enqueue("a", 10)
            .at(1).enqueue("b", 20).expectWaitUntil(7)
            .at(7).expectDispatch(DEADLINE, "a", "b")),
        new Case("instance frees late: only the head still fits, it goes, the other waits", s -> s
            .enqueue("a", 4).enqueue("b", 100).expectWaitUntil(1)
            .idleInstances(0).at(1).expectIdle(Dispatch.Idle.NO_INSTANCE)
            .idleInstances(1).at(1.5).expectDispatch(BACKLOG, "a")
            .expectWaitUntil(98)),
        new Case("a full batch goes at once, the ninth waits for the next", s -> {
          IntStream.rangeClosed(1, 9).forEach(i -> s.enqueue("r" + i, 100));
          s.expectDispatch(FULL, EIGHT).expectWaitUntil(98);
        }),
        new Case("items: 3 items take batch-3 latency, 3 + 5 fill the batch", s -> s
            .enqueue("three", 10, 0, 3).expectWaitUntil(6)
            .enqueue("five", 10, 0, 5).expectDispatch(FULL, "three", "five")),
        new Case("the most urgent request sets the time, whatever its priority", s -> s
            .enqueue("high", 50, 1, 1).enqueue("low-urgent", 5, 2, 1).expectWaitUntil(2)
            .at(2).expectDispatch(DEADLINE, "high", "low-urgent")),
        new Case("priority before urgency: the low one cannot join, the high one goes alone", s -> s
            .enqueue("high", 50, 1, 1).enqueue("low-urgent", 2.5, 2, 1)
            .expectDispatch(BACKLOG, "high")
            .expectWaitUntil(0.5)),
        new Case("low load: at 10 requests/s an idle instance keeps up with batches of 1 (p50 1 ms), so it does not wait", s -> s
            .arrivalRate(10).enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a")),
        new Case("the machine's CPU 95 % busy: an idle instance lets the batch grow, for a fifth of the 98 ms it may wait", s -> s
            .cpuBusy(0.95).arrivalRate(10).enqueue("a", 100).expectWaitUntil(19.6)),
        new Case("still 95 % busy when that fifth is over: it goes, it does not wait a fifth of what is left again", s -> s
            .cpuBusy(0.95).arrivalRate(10).enqueue("a", 100).expectWaitUntil(19.6)
            .at(19.6).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a")),
        new Case("the machine's CPU 95 % busy at 1000 requests/s: the batch fills to the cap (8) in 7 ms, sooner than that", s -> s
            .cpuBusy(0.95).arrivalRate(1000).enqueue("a", 100).expectWaitUntil(7)),
        new Case("the machine's CPU 50 % busy: low load goes at once, as without the measure", s -> s
            .cpuBusy(0.5).arrivalRate(10).enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a")),
        new Case("no arrival rate yet (the first request): it goes at once", s -> s
            .arrivalRate(Double.NaN).enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a")),
        new Case("at 1000 requests/s batches of 1 (p50 1 ms) fall behind and batches of 2 (1.5 ms) keep up: wait 1 ms for one more", s -> s
            .arrivalRate(1000).enqueue("a", 100).expectWaitUntil(1)
            .at(0.5).enqueue("b", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a", "b")),
        new Case("a head that cannot make it even alone goes at once", s -> s
            .enqueue("a", 10).idleInstances(0)
            .at(9).idleInstances(1).expectDispatch(LATE, "a")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decides(Case c) {
    c.script().accept(new Scenario(new CortadoBatching(BatchProfiles.linear(), 8)));
  }

  @Test
  void learnsThePerBatchCostAndBatchesWhenHandOffsNotComputeAreTheLimit() {
    CortadoBatching policy = new CortadoBatching(BatchProfiles.linear(), 8);
    // At 600 requests/s batches of 1 (p50 1 ms) keep up by compute alone: it goes at once.
    new Scenario(policy).arrivalRate(600).enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a");
    // Batches of 1 then run as profiled (2 ms at p99) but hold their instance 3 ms from dispatch to
    // answer: 2 ms per batch beyond the median compute. At 600/s batches of 1 (3 ms) and 2 (3.5 ms
    // for 2) fall behind, batches of 3 (4 ms for 3) keep up: wait for two more.
    for (int i = 0; i < 20; i++) {
      policy.observe(new BatchOutcome(Scenario.ms(i), 1, 2.0, 2.0, false, List.of(3.0), List.of(100.0), 3.0));
    }
    assertThat(policy.marginMs()).isZero();
    Scenario s = new Scenario(policy).arrivalRate(600).enqueue("b", 100);
    assertThat(s.decide()).isInstanceOf(Dispatch.WaitUntil.class);
    s.at(1).enqueue("c", 100);
    assertThat(s.decide()).isInstanceOf(Dispatch.WaitUntil.class);
    s.at(2).enqueue("d", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "b", "c", "d");
  }

  @Test
  void aProfileTakenOnABusyMachineIsCorrectedByTheBatchesThatRunFaster() {
    CortadoBatching policy = new CortadoBatching(BatchProfiles.linear(), 8);
    // The profile says a batch of 1 takes 2 ms at p99: a request with 1.5 ms left is refused.
    Pending tight = new Pending(1, ms(10), ms(11.5), 1, 1);
    assertThat(policy.rejection(tight, ms(10))).isPresent();
    // Batches of 1 keep running in 0.25 ms, a quarter of the profile's median.
    for (int i = 0; i < ObservedSpeed.MIN_SAMPLES; i++) {
      policy.observe(outcome(i, 1, 0.25));
    }
    assertThat(policy.observedSpeedFactor(1)).isEqualTo(0.25);
    assertThat(policy.latencyMs(1)).isEqualTo(0.5);
    assertThat(policy.marginMs()).isZero();
    assertThat(policy.rejection(tight, ms(10))).as("0.5 ms fits in 1.5").isEmpty();
    // No batch of 2 or more has been seen to run faster than profiled: for them the profile stands.
    assertThat(policy.latencyMs(2)).isEqualTo(3.0);
  }

  @Test
  void dispatchesAtTheKneeWherThroughputStopsGrowing() {
    CortadoBatching policy = new CortadoBatching(BatchProfiles.plateau(), 8);
    assertThat(policy.knee()).isEqualTo(4);
    assertThat(policy.cap()).isEqualTo(4);

    new Scenario(policy)
        .enqueue("a", 100).enqueue("b", 100).enqueue("c", 100).expectWaitUntil(100 - 5.25)
        .enqueue("d", 100).expectDispatch(KNEE, "a", "b", "c", "d");
  }

  @Test
  void findsTheKneeInTheProfile() {
    assertThat(new CortadoBatching(BatchProfiles.linear(), 8).knee()).as("still growing at 8").isEqualTo(8);
    assertThat(CortadoBatching.knee(BatchProfiles.linear(), 32, 0.05)).as("growing at the largest size measured").isEqualTo(32);
    assertThat(CortadoBatching.knee(BatchProfiles.linear(), 8, 0.2)).as("1600/s is within 20 % of 1778/s").isEqualTo(4);
    assertThat(CortadoBatching.knee(BatchProfiles.plateau(), 16, 0.05)).isEqualTo(4);
    assertThat(CortadoBatching.knee(BatchProfiles.plateau(), 2, 0.05)).as("only 1 and 2 count").isEqualTo(2);
  }

  @Test
  void anIdleInstanceTakesABatchAtMostEveryMinDispatchIntervalAndAtLowLoadAtOnce() {
    var settings = new CortadoBatching.Settings(0.99, 0.05, Duration.ZERO, Duration.ofMillis(3), 50, 0.9, 50);
    // 500 requests/s: 1.5 arrivals per 3 ms interval, and an instance keeps up with batches of 1 (p50 1 ms).
    new Scenario(new CortadoBatching(BatchProfiles.linear(), 8, settings)).arrivalRate(500)
        .enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a") // no batch before it
        .at(1).enqueue("b", 100).expectWaitUntil(3) // the last went 1 ms ago
        .at(2).enqueue("c", 100).expectWaitUntil(3)
        .at(3).expectDispatch(Dispatch.Trigger.IMMEDIATE, "b", "c")
        .at(53).enqueue("d", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "d"); // the interval long past
    // 200 requests/s: 0.6 arrivals per interval, so waiting it out would gather nothing.
    new Scenario(new CortadoBatching(BatchProfiles.linear(), 8, settings)).arrivalRate(200)
        .enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a")
        .at(1).enqueue("b", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "b");
  }

  @Test
  void theDispatchIntervalHoldsARequestForAtMostAFifthOfItsSlack() {
    var settings = new CortadoBatching.Settings(0.99, 0.05, Duration.ZERO, Duration.ofMillis(3), 50, 0.9, 50);
    // "tight" arrives at 1 with 6 ms: due at 7, its batch (p99 2 ms) must start by 5; a fifth of the 4 ms from its arrival: 1.8.
    new Scenario(new CortadoBatching(BatchProfiles.linear(), 8, settings)).arrivalRate(500)
        .enqueue("a", 100).expectDispatch(Dispatch.Trigger.IMMEDIATE, "a")
        .at(1).enqueue("tight", 6).expectWaitUntil(1.8)
        .at(1.8).expectDispatch(Dispatch.Trigger.IMMEDIATE, "tight");
  }

  /**
   * On a uniform queue (one shape of request) the policy finds its batch by bisection; it must
   * decide exactly as the request-by-request scan does. 2,000 random queues: 1 to 40 requests of 1,
   * 2 or 3 items with SLOs of 2 to 60 ms, or 1 to 3 with 2 to 12 ms, arrivals up to 3 ms back, a cap of 8 or 32, 0 to 2 idle
   * instances, with and without a dispatch interval; each decided now and, when told to wait, again
   * at that time. Every trigger and a wait occur among them.
   */
  @Test
  void onAUniformQueueTheBisectionDecidesAsTheScan() {
    java.util.Random random = new java.util.Random(7);
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (int round = 0; round < 2000; round++) {
      var settings = new CortadoBatching.Settings(0.99, 0.05, Duration.ZERO, Duration.ofMillis(random.nextInt(3)), 50, 0.9, 50);
      CortadoBatching policy = new CortadoBatching(BatchProfiles.linear(), random.nextBoolean() ? 8 : 32, settings);
      RequestQueue<Integer> queue = new RequestQueue<>(64, 1);
      java.time.Instant now = ms(10);
      int each = 1 + random.nextInt(3);
      boolean tight = random.nextBoolean(); // a few requests close to their deadlines
      int size = 1 + random.nextInt(tight ? 3 : 40);
      for (int i = 0; i < size; i++) {
        java.time.Instant arrival = ms(10 - random.nextDouble() * 3);
        double slo = 2 + random.nextDouble() * (tight ? 10 : 58);
        queue.offer(i, arrival, arrival.plus(Duration.ofNanos((long) (slo * 1e6))), 0, each);
      }
      if (random.nextBoolean()) {
        queue.take(0, ms(10 - random.nextDouble() * 3));
      }
      assertThat(queue.uniform()).isTrue();
      QueueView bisected = queue.view(random.nextInt(3));
      QueueView scanned = new QueueView() {
        @Override public int size() { return bisected.size(); }
        @Override public int items() { return bisected.items(); }
        @Override public List<Pending> inOrder() { return bisected.inOrder(); }
        @Override public List<Pending> first(int n) { return bisected.first(n); }
        @Override public java.util.Optional<Pending> head() { return bisected.head(); }
        @Override public java.time.Instant oldestArrival() { return bisected.oldestArrival(); }
        @Override public int idleInstances() { return bisected.idleInstances(); }
        @Override public double arrivalRatePerSecond(java.time.Instant at) { return bisected.arrivalRatePerSecond(at); }
        @Override public java.util.Optional<java.time.Instant> lastDispatch() { return bisected.lastDispatch(); }
      };
      // As the batcher does: decide now, and when told to wait, decide again at that time.
      for (int step = 0; step < 2; step++) {
        Dispatch a = policy.decide(bisected, now);
        Dispatch b = policy.decide(scanned, now);
        String at = "round " + round + ", step " + step + ": " + b;
        seen.add(b instanceof Dispatch.Now n ? n.trigger().name() : b.getClass().getSimpleName());
        switch (b) {
          case Dispatch.Now n -> {
            assertThat(a).as(at).isInstanceOf(Dispatch.Now.class);
            assertThat(((Dispatch.Now) a).requests()).as(at).isEqualTo(n.requests());
            assertThat(((Dispatch.Now) a).trigger()).as(at).isEqualTo(n.trigger());
          }
          case Dispatch.WaitUntil w -> assertThat(a).as(at).isInstanceOf(Dispatch.WaitUntil.class)
              .extracting(d -> ((Dispatch.WaitUntil) d).time()).isEqualTo(w.time());
          case Dispatch.Idle i -> assertThat(a).as(at).isEqualTo(i);
        }
        if (!(b instanceof Dispatch.WaitUntil w)) {
          break;
        }
        now = w.time();
      }
    }
    assertThat(seen).contains("FULL", "BACKLOG", "DEADLINE", "LATE", "IMMEDIATE", "WaitUntil", "Idle");
  }

  @Test
  void dispatchLeadMovesTheWakeUpEarlier() {
    var settings = new CortadoBatching.Settings(0.99, 0.05, Duration.ofMillis(1).dividedBy(2), Duration.ZERO, 50, 0.9, 50);
    new Scenario(new CortadoBatching(BatchProfiles.linear(), 8, settings))
        .enqueue("a", 10).expectWaitUntil(7.5)
        .at(7.5).expectDispatch(DEADLINE, "a");
  }

  @Test
  void rejectsWhatCannotMeetItsDeadlineEvenAlone() {
    Scenario s = new Scenario(new CortadoBatching(BatchProfiles.linear(), 8));

    assertThat(s.offer("hopeless", 1.5, 0, 1)).isEqualTo(new Offer.Rejected(
        "cannot meet its deadline: it has 1.5 ms left and batch-1 inference alone takes 2 ms (p99) on linear"));
    assertThat(s.offer("big", 3.5, 0, 3)).isEqualTo(new Offer.Rejected(
        "cannot meet its deadline: it has 3.5 ms left and batch-3 inference alone takes 4 ms (p99) on linear"));
    assertThat(s.queue().isEmpty()).isTrue();

    s.enqueue("exactly", 2).expectDispatch(DEADLINE, "exactly");
  }

  @Test
  void shedsQueuedRequestsWhoseTimeRanOut() {
    Scenario s = new Scenario(new CortadoBatching(BatchProfiles.linear(), 8))
        .enqueue("a", 10).enqueue("b", 11.5).idleInstances(0);

    assertThat(s.at(9).shed()).extracting(RequestQueue.Queued::payload).containsExactly("a");
    assertThat(s.shed()).isEmpty();
    assertThat(s.queue().size()).isEqualTo(1);
  }

  @Test
  void learnsAMarginFromSlowBatchesAndShrinksTheBatch() {
    var settings = new CortadoBatching.Settings(0.99, 0.05, Duration.ZERO, Duration.ZERO, 4, 0.9, 50);
    CortadoBatching policy = new CortadoBatching(BatchProfiles.linear(), 8, settings);
    assertThat(eightDueIn8ms(policy)).as("1 + 7 <= 8").isEqualTo(7);

    // Interference: batches of 4 take 8 ms where the profile says 5 (p99).
    IntStream.range(0, 4).forEach(i -> policy.observe(outcome(i, 4, 8)));
    assertThat(policy.marginMs()).isEqualTo(3);
    assertThat(eightDueIn8ms(policy)).as("1 + 4 + 3 <= 8").isEqualTo(4);
    new Scenario(policy).enqueue("a", 10).expectWaitUntil(10 - 2 - 3);
    assertThat(new Scenario(policy).offer("a", 4.5, 0, 1)).isEqualTo(new Offer.Rejected("cannot meet its deadline: it has 4.5 ms"
        + " left and batch-1 inference alone takes 2 ms (p99) plus a learned safety margin of 3 ms on linear"));

    // The interference passes: batches run faster than p99 again and the margin falls back to 0.
    IntStream.range(0, 4).forEach(i -> policy.observe(outcome(10 + i, 2, 2.5)));
    assertThat(policy.marginMs()).isZero();
    assertThat(eightDueIn8ms(policy)).isEqualTo(7);

    policy.observe(outcome(20, 1, 1000));
    policy.observe(outcome(21, 1, 1000));
    assertThat(policy.marginMs()).as("capped").isEqualTo(50);
  }

  /** How many of eight requests, each due 8 ms from now, Cortado dispatches. */
  private static int eightDueIn8ms(CortadoBatching policy) {
    Scenario s = new Scenario(policy);
    IntStream.rangeClosed(1, 8).forEach(i -> s.enqueue("r" + i, 8));
    return ((Dispatch.Now) s.decide()).requests();
  }

  static BatchOutcome outcome(double atMs, int batchSize, double latencyMs) {
    return new BatchOutcome(ms(atMs), batchSize, latencyMs, Double.NaN, false, List.of(), List.of());
  }
}
