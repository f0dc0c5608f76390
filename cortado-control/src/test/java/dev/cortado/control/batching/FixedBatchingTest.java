package dev.cortado.control.batching;

import static dev.cortado.control.batching.Dispatch.Trigger.FULL;
import static dev.cortado.control.batching.Dispatch.Trigger.TIMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Triton's dynamic batcher: max batch 4, max queue delay 10 ms. */
class FixedBatchingTest {
  record Case(String name, Consumer<Scenario> script) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("one request waits out the delay, to the instant", s -> s
            .enqueue("a", 1000)
            .expectWaitUntil(10)
            .at(9.999).expectWaitUntil(10)
            .at(10).expectDispatch(TIMER, "a")
            .expectIdle(Dispatch.Idle.EMPTY)),
        new Case("a full batch goes at once", s -> s
            .enqueue("a", 1000)
            .at(1).enqueue("b", 1000).enqueue("c", 1000).expectWaitUntil(10)
            .at(2).enqueue("d", 1000).expectDispatch(FULL, "a", "b", "c", "d")),
        new Case("the rest of an overfull queue keeps its oldest arrival's timer", s -> s
            .enqueue("a", 1000).enqueue("b", 1000).enqueue("c", 1000)
            .at(3).enqueue("d", 1000).enqueue("e", 1000).enqueue("f", 1000)
            .expectDispatch(FULL, "a", "b", "c", "d")
            .expectWaitUntil(13)
            .at(13).expectDispatch(TIMER, "e", "f")),
        new Case("the delay runs from the oldest arrival, not the head", s -> s
            .enqueue("old-low", 1000, 3, 1)
            .at(5).enqueue("new-high", 1000, 1, 1).expectWaitUntil(10)
            .at(10).expectDispatch(TIMER, "new-high", "old-low")),
        new Case("deadlines play no part", s -> s
            .enqueue("urgent", 1).expectWaitUntil(10)
            .at(10).expectDispatch(TIMER, "urgent")),
        new Case("items count: the next request would overflow the batch", s -> s
            .enqueue("three", 1000, 0, 3).enqueue("two", 1000, 0, 2)
            .expectDispatch(FULL, "three")
            .expectWaitUntil(10)),
        new Case("no idle instance: nothing goes, even full", s -> s
            .enqueue("a", 1000).enqueue("b", 1000).enqueue("c", 1000).enqueue("d", 1000)
            .idleInstances(0).expectIdle(Dispatch.Idle.NO_INSTANCE)
            .at(20).expectIdle(Dispatch.Idle.NO_INSTANCE)
            .idleInstances(1).expectDispatch(FULL, "a", "b", "c", "d")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decides(Case c) {
    c.script().accept(new Scenario(new FixedBatching(4, Duration.ofMillis(10))));
  }

  @Test
  void zeroDelayIsNoWaiting() {
    Scenario s = new Scenario(new FixedBatching(4, Duration.ZERO));
    s.enqueue("a", 1000).expectDispatch(TIMER, "a");
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new FixedBatching(0, Duration.ZERO)).hasMessageContaining("maxBatch = 0");
    assertThatThrownBy(() -> new FixedBatching(1, Duration.ofMillis(-1))).hasMessageContaining("maxQueueDelay");
    assertThat(new FixedBatching(4, Duration.ofMillis(10)).name()).isEqualTo("fixed");
  }
}
