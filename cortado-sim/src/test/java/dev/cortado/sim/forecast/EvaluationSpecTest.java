package dev.cortado.sim.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationSpecTest {
  @Test
  void defaultsWarmUpAWeekAndSpaceOriginsPrimeToTheHourForAtMostTwoThousand() {
    EvaluationSpec worldCup = EvaluationSpec.defaults(125_300, List.of(1, 5, 15));
    EvaluationSpec twitter = EvaluationSpec.defaults(31_652, List.of(1, 5, 15));
    EvaluationSpec azure = EvaluationSpec.defaults(58, List.of(1, 5, 15));

    assertThat(worldCup.warmUp()).isEqualTo(7 * 1440);
    assertThat(worldCup.every()).isEqualTo(59);
    assertThat(twitter.every()).isEqualTo(17);
    assertThat(azure.warmUp()).as("a third of an hour-long trace").isEqualTo(19);
    assertThat(azure.every()).isEqualTo(1);
    assertThat(azure.longestHorizon()).isEqualTo(15);
  }

  @Test
  void refusesHorizonsBelowOneAndNonPositiveSpacing() {
    assertThatThrownBy(() -> new EvaluationSpec(List.of(0), 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("horizons = [0], must be one or more steps >= 1");
    assertThatThrownBy(() -> new EvaluationSpec(List.of(1), 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warm-up = 1, every = 0, history = 1: each must be >= 1 step");
  }
}
