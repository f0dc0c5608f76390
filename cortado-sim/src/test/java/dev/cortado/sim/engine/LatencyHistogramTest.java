package dev.cortado.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyHistogramTest {

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0})
  void quantilesOfKnownDataAreWithinTwoPercent(double q) {
    // 1, 2, ..., 100,000 microseconds: the exact q-quantile (nearest rank) is ceil(q n) µs.
    LatencyHistogram h = new LatencyHistogram();
    int n = 100_000;
    for (int i = 1; i <= n; i++) {
      h.record(i * 1_000L);
    }
    double exact = Math.max(1, Math.ceil(q * n)) * 1_000.0;

    assertThat(h.quantile(q)).isCloseTo(exact, withinPercentage(2));
    assertThat(h.count()).isEqualTo(n);
    assertThat(h.mean()).isCloseTo((n + 1) / 2.0 * 1_000, withinPercentage(1e-9));
  }

  @Test
  void valuesAcrossTheRangeComeBackWithinTwoPercent() {
    for (long v = 1_000; v < 100_000_000_000L; v = v * 3 / 2 + 7) {
      LatencyHistogram h = new LatencyHistogram();
      h.record(v);
      h.record(2 * v);
      assertThat(h.quantile(0.5)).as("%d ns", v).isCloseTo(v, withinPercentage(2));
    }
  }

  @Test
  void oneValueIsExactAndNothingIsNaN() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.quantile(0.5)).isNaN();
    assertThat(h.mean()).isNaN();

    h.record(7_654_321);

    assertThat(h.quantile(0.0)).isEqualTo(7_654_321.0);
    assertThat(h.quantile(0.99)).isEqualTo(7_654_321.0);
    assertThat(h.max()).isEqualTo(7_654_321.0);
  }

  @Test
  void theEndsAreClampedToTheExactMinimumAndMaximum() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(300);
    h.record(700);
    h.record(200_000_000_000L);

    assertThat(h.quantile(0.0)).isCloseTo(300, within(1_000.0));
    assertThat(h.quantile(1.0)).isEqualTo(200_000_000_000.0);
    assertThat(h.min()).isEqualTo(300.0);
  }
}
