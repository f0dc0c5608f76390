package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateHistoryTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void copiesTheRatesInAndOut() {
    double[] rates = {1, 2, 3};
    RateHistory h = new RateHistory(T0, Duration.ofMinutes(1), rates);
    rates[0] = 99;
    h.rates()[1] = 99;

    assertThat(h.rates()).containsExactly(1, 2, 3);
    assertThat(h).isEqualTo(new RateHistory(T0, Duration.ofMinutes(1), new double[] {1, 2, 3}));
  }

  @Test
  void endsOneStepAfterItsLastRateAndSlicesKeepTheirTimes() {
    RateHistory h = new RateHistory(T0, Duration.ofMinutes(1), new double[] {1, 2, 3, 4});

    assertThat(h.size()).isEqualTo(4);
    assertThat(h.end()).isEqualTo(T0.plusSeconds(240));
    assertThat(h.last(2).rates()).containsExactly(3, 4);
    assertThat(h.last(2).start()).isEqualTo(T0.plusSeconds(120));
    assertThat(h.last(9)).isEqualTo(h);
    assertThat(h.slice(1, 3).rates()).containsExactly(2, 3);
    assertThat(h.slice(1, 3).end()).isEqualTo(T0.plusSeconds(180));
  }

  @Test
  void countsBecomeRatesPerSecond() {
    RateHistory h = RateHistory.ofCounts(T0, Duration.ofMinutes(1), new long[] {60, 30});

    assertThat(h.rates()).containsExactly(1.0, 0.5);
  }

  @Test
  void refusesNegativeOrNonFiniteRatesAndANonPositiveStep() {
    assertThatThrownBy(() -> new RateHistory(T0, Duration.ofMinutes(1), new double[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rates[1] = -1.0, must be finite and >= 0");
    assertThatThrownBy(() -> new RateHistory(T0, Duration.ofMinutes(1), new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rates[0] = NaN");
    assertThatThrownBy(() -> new RateHistory(T0, Duration.ZERO, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("step = PT0S, must be positive");
    assertThatThrownBy(() -> new RateHistory(T0, Duration.ofMinutes(1), new double[] {1}).slice(1, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
