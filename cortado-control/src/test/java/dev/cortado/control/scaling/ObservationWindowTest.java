package dev.cortado.control.scaling;

import static dev.cortado.control.scaling.Observed.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObservationWindowTest {
  @Test
  void each_value_weighs_as_much_as_its_tick() {
    ObservationWindow window = new ObservationWindow(Duration.ofSeconds(60));
    window.record(at(1), 1, 10);
    window.record(at(3), 2, 4);

    assertThat(window.average(at(3), Duration.ofSeconds(3))).isEqualTo(6.0);
    assertThat(window.average(at(3), Duration.ofSeconds(2))).isEqualTo(4.0);
  }

  @Test
  void a_young_window_averages_what_it_has_and_an_empty_one_is_zero() {
    ObservationWindow window = new ObservationWindow(Duration.ofSeconds(60));
    assertThat(window.average(at(0), Duration.ofSeconds(60))).isZero();

    window.record(at(2), 2, 7);
    assertThat(window.average(at(2), Duration.ofSeconds(60))).isEqualTo(7.0);
  }

  @Test
  void a_value_leaves_the_window_once_its_tick_ended_a_window_ago() {
    ObservationWindow window = new ObservationWindow(Duration.ofSeconds(6));
    window.record(at(2), 2, 30);
    window.record(at(4), 2, 0);
    window.record(at(6), 2, 0);

    assertThat(window.average(at(6), Duration.ofSeconds(6))).isEqualTo(10.0);
    window.record(at(8), 2, 0);
    assertThat(window.average(at(8), Duration.ofSeconds(6))).isZero();
  }
}
