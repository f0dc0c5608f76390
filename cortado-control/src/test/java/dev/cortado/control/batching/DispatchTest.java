package dev.cortado.control.batching;

import static dev.cortado.control.batching.Scenario.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.control.batching.Dispatch.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchTest {
  @Test
  void onlyTimersAndDeadlinesCountAsTimerTriggered() {
    for (Trigger t : Trigger.values()) {
      boolean timer = t == Trigger.TIMER || t == Trigger.DEADLINE;
      assertThat(new Dispatch.Now(1, "x", t, Double.NaN).timerTriggered()).as(t.name()).isEqualTo(timer);
    }
    assertThat(new Dispatch.Now(2, "x")).isEqualTo(new Dispatch.Now(2, "x", Trigger.IMMEDIATE, Double.NaN));
    assertThat(new Dispatch.Idle()).isEqualTo(new Dispatch.Idle(Dispatch.Idle.EMPTY));
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new Dispatch.Now(0, "x")).hasMessageContaining("requests = 0");
    assertThatThrownBy(() -> new Dispatch.Now(1, "x", Trigger.FULL, -1)).hasMessageContaining("predictedLatencyMs = -1");
    assertThatThrownBy(() -> new BatchOutcome(ms(0), 1, 1, Double.NaN, false, List.of(1.0), List.of()))
        .hasMessageContaining("must pair up");
    assertThatThrownBy(() -> new BatchOutcome(ms(0), 0, 1, 1, false, List.of(), List.of())).hasMessageContaining("batchSize = 0");
    assertThatThrownBy(() -> new Pending(0, ms(0), ms(1), 0, 1)).hasMessageContaining("priorityLevel = 0");
  }

  @Test
  void outcomeCountsRequestsWithinTheirSlo() {
    var outcome = new BatchOutcome(ms(0), 3, 4, 5, false, List.of(9.0, 10.0, 11.0), List.of(10.0, 10.0, 10.0));
    assertThat(outcome.withinSlo()).isEqualTo(2);
    assertThat(new Pending(0, ms(1), ms(11.5), 1, 1).sloMs()).isEqualTo(10.5);
  }
}
