package dev.cortado.control.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LatencyMarginTest {
  /** Errors (observed - predicted, ms) fed in order to a margin of window 4, quantile 0.9, cap 10. */
  record Case(String name, double[] errors, double margin) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nothing observed", new double[] {}, 0),
        new Case("faster than predicted: never below 0", new double[] {-3, -2, -1}, 0),
        new Case("steadily 2 ms slow", new double[] {2, 2, 2, 2}, 2),
        new Case("one slow batch in four: 0.9 quantile, interpolated", new double[] {-1, -1, -1, 5}, 3.2),
        new Case("only the last four count", new double[] {9, 9, -1, -1, -1, -1}, 0),
        new Case("capped", new double[] {50, 50, 50, 50}, 10));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void learnsAHighQuantileOfRecentErrors(Case c) {
    LatencyMargin margin = new LatencyMargin(4, 0.9, 10);
    for (double e : c.errors()) {
      margin.observe(10 + e, 10);
    }
    assertThat(margin.marginMs()).isCloseTo(c.margin(), within(1e-9));
    assertThat(margin.samples()).isEqualTo(Math.min(4, c.errors().length));
  }

  @Test
  void ignoresWhatCannotBeCompared() {
    LatencyMargin margin = new LatencyMargin(4, 0.9, 10);
    margin.observe(5, Double.NaN);
    assertThat(margin.samples()).isZero();
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new LatencyMargin(0, 0.9, 1)).hasMessageContaining("window = 0");
    assertThatThrownBy(() -> new LatencyMargin(1, 1.5, 1)).hasMessageContaining("quantile = 1.5");
    assertThatThrownBy(() -> new LatencyMargin(1, 0.9, -1)).hasMessageContaining("capMs = -1");
  }

  @Test
  void theTypicalErrorIsTheMedianFlooredAtZero() {
    LatencyMargin m = new LatencyMargin(5, 0.9, 10);
    for (double e : new double[] {0.5, 1.0, 1.5, 8.0, -2.0}) {
      m.observe(2 + e, 2);
    }
    assertThat(m.typicalErrorMs()).isEqualTo(1.0);
    LatencyMargin faster = new LatencyMargin(3, 0.9, 10);
    faster.observe(1, 2);
    assertThat(faster.typicalErrorMs()).isZero();
  }
}
