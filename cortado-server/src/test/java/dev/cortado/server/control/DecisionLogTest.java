package dev.cortado.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
  static DecisionLog.Decision decision(int second, String variant, int target) {
    return new DecisionLog.Decision(Instant.EPOCH.plusSeconds(second), variant, target, 1, "because",
        new DecisionLog.Inputs(second, 0, 0, 1, 0, 0, Double.NaN),
        List.of(new DecisionLog.Action("start", Optional.empty(), 1, "applied")));
  }

  @Test
  void keeps_the_newest_decisions_up_to_its_capacity_newest_last() {
    DecisionLog log = new DecisionLog("cortado", 3);
    for (int s = 0; s < 5; s++) {
      log.add(decision(s, "a", s));
    }

    List<DecisionLog.Decision> kept = log.recent(Optional.empty(), 10);

    assertThat(kept).extracting(DecisionLog.Decision::targetInstances).containsExactly(2, 3, 4);
  }

  @Test
  void filters_by_variant_and_limits_to_the_newest() {
    DecisionLog log = new DecisionLog("cortado", 10);
    for (int s = 0; s < 6; s++) {
      log.add(decision(s, s % 2 == 0 ? "even" : "odd", s));
    }

    assertThat(log.recent(Optional.of("even"), 2)).extracting(DecisionLog.Decision::targetInstances).containsExactly(2, 4);
    assertThat(log.recent(Optional.of("odd"), 10)).extracting(DecisionLog.Decision::targetInstances).containsExactly(1, 3, 5);
    assertThat(log.recent(Optional.of("none"), 10)).isEmpty();
    assertThat(log.recent(Optional.empty(), 0)).isEmpty();
  }

  @Test
  void a_server_without_autoscaler_has_an_empty_log_named_none() {
    assertThat(DecisionLog.none().autoscaler()).isEqualTo("none");
    assertThat(DecisionLog.none().recent(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void bad_arguments_are_refused() {
    assertThatThrownBy(() -> new DecisionLog("cortado", 0)).hasMessageContaining("capacity = 0");
    assertThatThrownBy(() -> new DecisionLog("cortado", 1).recent(Optional.empty(), -1)).hasMessageContaining("limit = -1");
  }
}
