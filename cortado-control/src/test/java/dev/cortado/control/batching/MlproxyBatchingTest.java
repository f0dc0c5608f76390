package dev.cortado.control.batching;

import static dev.cortado.control.batching.Dispatch.Trigger.FULL;
import static dev.cortado.control.batching.Dispatch.Trigger.TIMER;
import static dev.cortado.control.batching.Scenario.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MLProxy's rule on {@link BatchProfiles#linear()} (p95 of a batch of b is 0.5 + b ms), SLO 100 ms,
 * batch size 4 of at most 8 unless a case says otherwise.
 */
class MlproxyBatchingTest {
  private static final double SLO = 100;

  private static MlproxyBatching policy(int initial, int max, int growStep) {
    return new MlproxyBatching(BatchProfiles.linear(), SLO, initial, max, MlproxyBatching.Settings.published().withGrowStep(growStep));
  }

  @Test
  void timerRunsFromTheFirstRequestForSloMinusP95OfTheBatchSize() {
    MlproxyBatching policy = policy(4, 8, 1);
    assertThat(policy.timerMs()).isEqualTo(100 - 4.5);

    new Scenario(policy)
        .enqueue("a", 1000).expectWaitUntil(95.5)
        .at(30).enqueue("b", 1000).expectWaitUntil(95.5)
        .at(95.499).expectWaitUntil(95.5)
        .at(95.5).expectDispatch(TIMER, "a", "b");
  }

  @Test
  void timerIsAtLeast50ms() {
    MlproxyBatching policy = new MlproxyBatching(BatchProfiles.linear(), 52, 4, 8);
    new Scenario(policy).enqueue("a", 1000).expectWaitUntil(50);
  }

  @Test
  void fullBufferGoesAtOnce() {
    new Scenario(policy(4, 8, 1))
        .enqueue("a", 1000).enqueue("b", 1000).enqueue("c", 1000).enqueue("d", 1000).enqueue("e", 1000)
        .expectDispatch(FULL, "a", "b", "c", "d")
        .expectWaitUntil(95.5);
  }

  @Test
  void waitsForAnIdleInstanceAndAdmitsEverything() {
    Scenario s = new Scenario(policy(4, 8, 1)).enqueue("a", 1000).idleInstances(0);
    s.at(200).expectIdle(Dispatch.Idle.NO_INSTANCE);
    assertThat(s.offer("hopeless", 0.001, 0, 1)).isInstanceOf(Offer.Accepted.class);
  }

  @Test
  void observedP95ReplacesTheProfile() {
    MlproxyBatching policy = policy(4, 8, 1);
    policy.observe(outcome(0, 4, 30, false));
    assertThat(policy.p95Ms(4)).isEqualTo(30);
    assertThat(policy.p95Ms(2)).as("not observed: the profile's").isEqualTo(2.5);
    new Scenario(policy).enqueue("a", 1000).expectWaitUntil(70);
  }

  /** One adaptation interval: batches completed in [0 s, 30 s), closed by a batch at 30 s. */
  record Case(String name, int initial, int max, int growStep, List<BatchOutcome> window, int expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> adaptations() {
    return Stream.of(
        new Case("fast, filled by arrivals: grow by one", 4, 8, 1,
            List.of(outcome(0, 4, 5, false, 10, 20), outcome(10_000, 4, 5, false, 10, 20)), 5),
        new Case("p95 at 0.8 SLO: shrink to min(floor(0.7 * 4), 4 - 1) = 2", 4, 8, 1,
            List.of(outcome(0, 4, 5, false, 80, 80), outcome(10_000, 4, 5, false, 80, 80)), 2),
        new Case("p95 just below 0.8 SLO: grow", 4, 8, 1, List.of(outcome(0, 4, 5, false, 79.9, 79.9)), 5),
        new Case("half the dispatches timer-triggered: shrink", 4, 8, 1,
            List.of(outcome(0, 4, 5, true, 10), outcome(1_000, 4, 5, false, 10)), 2),
        new Case("a third timer-triggered: grow", 4, 8, 1,
            List.of(outcome(0, 4, 5, true, 10), outcome(1_000, 4, 5, false, 10), outcome(2_000, 4, 5, false, 10)), 5),
        new Case("shrink from 10 to 7", 10, 16, 1, List.of(outcome(0, 10, 5, false, 95)), 7),
        new Case("grow by MLProxy's experiment step of 5", 4, 16, 5, List.of(outcome(0, 4, 5, false, 10)), 9),
        new Case("grow stops at the max", 8, 8, 1, List.of(outcome(0, 8, 5, false, 10)), 8),
        new Case("shrink stops at 1", 1, 8, 1, List.of(outcome(0, 1, 5, false, 99)), 1),
        new Case("shrink 2 to 1", 2, 8, 1, List.of(outcome(0, 2, 5, true)), 1));
  }

  @ParameterizedTest
  @MethodSource("adaptations")
  void adaptsEvery30s(Case c) {
    MlproxyBatching policy = policy(c.initial(), c.max(), c.growStep());
    c.window().forEach(policy::observe);
    assertThat(policy.batchSize()).as("no change within the interval").isEqualTo(c.initial());

    policy.observe(outcome(30_000, 1, 1, false));
    assertThat(policy.batchSize()).isEqualTo(c.expected());
  }

  @Test
  void adaptsAtThe30sBoundaryExactly() {
    MlproxyBatching policy = policy(4, 8, 1);
    policy.observe(outcome(0, 4, 5, false, 10));
    policy.observe(outcome(29_999.999, 4, 5, false, 10));
    assertThat(policy.batchSize()).isEqualTo(4);
    policy.observe(outcome(30_000, 4, 5, false, 10));
    assertThat(policy.batchSize()).isEqualTo(5);
  }

  @Test
  void intervalsWithoutBatchesGrow() {
    MlproxyBatching policy = policy(4, 8, 1);
    policy.observe(outcome(0, 4, 5, false, 90));
    policy.observe(outcome(95_000, 4, 5, false, 10));

    assertThat(policy.batchSize()).as("[0, 30): slow, 4 -> 2; [30, 60), [60, 90): empty, 2 -> 3 -> 4").isEqualTo(4);
    policy.observe(outcome(119_999, 4, 5, false, 10));
    assertThat(policy.batchSize()).as("[90, 120) is still open").isEqualTo(4);
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new MlproxyBatching(BatchProfiles.linear(), 100, 9, 8)).hasMessageContaining("initialBatch = 9");
    assertThatThrownBy(() -> new MlproxyBatching(BatchProfiles.linear(), 0, 1, 8)).hasMessageContaining("sloMs = 0");
    assertThatThrownBy(() -> MlproxyBatching.Settings.published().withGrowStep(0)).hasMessageContaining("growStep = 0");
    assertThat(policy(1, 8, 1).name()).isEqualTo("mlproxy");
  }

  static BatchOutcome outcome(double atMs, int batchSize, double latencyMs, boolean timer, double... requestLatenciesMs) {
    List<Double> latencies = Arrays.stream(requestLatenciesMs).boxed().toList();
    return new BatchOutcome(ms(atMs), batchSize, latencyMs, Double.NaN, timer, latencies, Collections.nCopies(latencies.size(), SLO));
  }
}
