package dev.cortado.control.batching;

import static dev.cortado.control.batching.Dispatch.Trigger.IMMEDIATE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoBatchingTest {
  private final Scenario s = new Scenario(new NoBatching());

  @Test
  void dispatchesOneAsSoonAsThereIsOne() {
    s.expectIdle(Dispatch.Idle.EMPTY)
        .enqueue("a", 10).enqueue("b", 10).enqueue("c", 10)
        .expectDispatch(IMMEDIATE, "a")
        .expectDispatch(IMMEDIATE, "b")
        .expectDispatch(IMMEDIATE, "c")
        .expectIdle(Dispatch.Idle.EMPTY);
  }

  @Test
  void servesHigherPriorityFirst() {
    s.enqueue("low", 10, 3, 1).enqueue("high", 100, 1, 1).expectDispatch(IMMEDIATE, "high").expectDispatch(IMMEDIATE, "low");
  }

  @Test
  void waitsForAnIdleInstance() {
    s.enqueue("a", 10).idleInstances(0).expectIdle(Dispatch.Idle.NO_INSTANCE).idleInstances(1).expectDispatch(IMMEDIATE, "a");
  }

  @Test
  void admitsEvenHopelessRequests() {
    assertThat(s.offer("late", 0.001, 0, 8)).isInstanceOf(Offer.Accepted.class);
    assertThat(new NoBatching().name()).isEqualTo("none");
  }
}
