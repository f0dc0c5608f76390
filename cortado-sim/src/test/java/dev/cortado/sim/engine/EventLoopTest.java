package dev.cortado.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final EventLoop loop = new EventLoop(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> ran = new ArrayList<>();

  private Runnable note(String name) {
    return () -> ran.add(name + "@" + loop.now());
  }

  @Test
  void actionsRunInTimeOrderAndTiesInSchedulingOrder() {
    loop.schedule(30, note("c"));
    loop.schedule(10, note("a"));
    loop.schedule(20, note("b1"));
    loop.schedule(20, note("b2"));
    loop.schedule(20, note("b3"));

    assertThat(loop.run(100)).isEqualTo(5);

    assertThat(ran).containsExactly("a@10", "b1@20", "b2@20", "b3@20", "c@30");
    assertThat(loop.now()).isEqualTo(100);
  }

  @Test
  void runStopsAtItsTimeInclusiveAndLeavesLaterActionsQueued() {
    loop.schedule(10, note("a"));
    loop.schedule(11, note("b"));

    loop.run(10);
    assertThat(ran).containsExactly("a@10");
    assertThat(loop.now()).isEqualTo(10);
    assertThat(loop.pending()).isEqualTo(1);

    loop.run(10);
    assertThat(ran).containsExactly("a@10");

    loop.run(11);
    assertThat(ran).containsExactly("a@10", "b@11");
    assertThat(loop.eventsRun()).isEqualTo(2);
  }

  @Test
  void actionsScheduledWhileRunningRunInTheSameCallAfterThoseAlreadyDueThen() {
    loop.schedule(5, () -> {
      ran.add("first@" + loop.now());
      loop.schedule(loop.now(), note("same-time"));
      loop.schedule(7, note("later"));
    });
    loop.schedule(5, note("second"));

    loop.run(8);

    assertThat(ran).containsExactly("first@5", "second@5", "same-time@5", "later@7");
  }

  @Test
  void schedulingOrRunningIntoThePastIsRefused() {
    loop.run(50);

    assertThatThrownBy(() -> loop.schedule(49, note("x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atNanos = 49");
    assertThatThrownBy(() -> loop.run(49)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("untilNanos = 49");
  }

  @Test
  void theInstantViewIsTheOriginPlusSimulatedTime() {
    loop.run(1_500_000_000L);

    assertThat(loop.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.500Z"));
    assertThat(loop.nanosAt(loop.instantAt(123_456_789L))).isEqualTo(123_456_789L);
  }
}
