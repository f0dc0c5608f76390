package dev.cortado.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.sim.engine.RequestOverhead;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OverheadQuantilesTest {
  @Test
  void quantiles_of_the_measured_values_from_min_to_max() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int us = 1; us <= 1000; us++) {
      h.recordValue(us * 10L); // 10 us .. 10 ms, uniform
    }
    RequestOverhead o = OverheadQuantiles.of(h, "d", "rest", 100);
    assertThat(o.requests()).isEqualTo(1000);
    assertThat(o.quantileMs(0)).isCloseTo(0.010, within(1e-4));
    assertThat(o.quantileMs(0.5)).isCloseTo(5.0, within(0.01));
    assertThat(o.quantileMs(0.99)).isCloseTo(9.9, within(0.01));
    assertThat(o.quantileMs(1)).isCloseTo(10.0, within(0.01));
    assertThat(o.probabilities()).startsWith(0.0, 0.01).endsWith(0.9999, 1.0);
  }

  @Test
  void too_few_answers_with_server_times_are_refused() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValue(5);
    assertThatThrownBy(() -> OverheadQuantiles.of(h, "d", "rest", 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only 1 answers");
  }
}
