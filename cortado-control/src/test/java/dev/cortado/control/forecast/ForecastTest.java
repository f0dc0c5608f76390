package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForecastTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void peakUpperIsTheHighestUpperOverTheFirstSteps() {
    Forecast f = new Forecast(T0, MINUTE, new double[] {1, 2, 1}, new double[] {2, 3, 9}, 0.95);

    assertThat(f.peakUpper(2)).isEqualTo(3);
    assertThat(f.peakUpper(3)).isEqualTo(9);
    assertThat(f.meanAt(1)).isEqualTo(2);
    assertThat(f.upperAt(2)).isEqualTo(9);
    assertThat(f.end()).isEqualTo(T0.plusSeconds(180));
    assertThatThrownBy(() -> f.peakUpper(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps = 0, must be in [1, 3]");
  }

  @Test
  void refusesAnUpperBelowTheMeanOrANegativeMean() {
    assertThatThrownBy(() -> new Forecast(T0, MINUTE, new double[] {2}, new double[] {1}, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 0: mean = 2.0, upper = 1.0, must be finite with 0 <= mean <= upper");
    assertThatThrownBy(() -> new Forecast(T0, MINUTE, new double[] {-1}, new double[] {1}, 0.95))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Forecast(T0, MINUTE, new double[] {1}, new double[] {1}, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("quantile = 1.0, must be in (0, 1)");
  }

  @Test
  void rawModelOutputIsClippedAtZeroAndTheUpperNeverFallsBelowTheMean() {
    Forecast f = Forecast.of(T0, MINUTE, new double[] {-3, 2, Double.NaN}, new double[] {1, -5, 1}, 0.9);

    assertThat(f.mean()).containsExactly(0, 2, 0);
    assertThat(f.upper()).containsExactly(1, 2, 1);
  }

  @Test
  void peak_upper_over_a_lead_takes_the_steps_it_overlaps() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Forecast f = new Forecast(t0, Duration.ofMinutes(1), new double[] {1, 1, 1, 1}, new double[] {5, 9, 7, 3}, 0.95);
    assertThat(f.peakUpperOver(t0.plusSeconds(10), 20)).isEqualTo(5);   // inside the first minute
    assertThat(f.peakUpperOver(t0.plusSeconds(50), 20)).isEqualTo(9);   // reaches into the second
    assertThat(f.peakUpperOver(t0.plusSeconds(130), 600)).isEqualTo(7); // the last steps, no further
    assertThat(f.peakUpperOver(t0.minusSeconds(30), 40)).isEqualTo(5);  // from before the first into it
    assertThat(f.peakUpperOver(t0.minusSeconds(30), 10)).isZero();      // wholly before the first: none
    assertThat(f.peakUpperOver(t0.plusSeconds(600), 10)).isZero();      // after the last: none
  }

  @Test
  void peak_upper_ahead_takes_only_the_steps_that_start_within_the_lead() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Forecast f = new Forecast(t0, Duration.ofMinutes(1), new double[] {1, 1, 1, 1}, new double[] {5, 9, 7, 3}, 0.95);
    assertThat(f.peakUpperAhead(t0.plusSeconds(10), 20)).isZero();          // the step under way is not ahead
    assertThat(f.peakUpperAhead(t0.plusSeconds(50), 20)).isEqualTo(9);      // the next starts within the lead
    assertThat(f.peakUpperAhead(t0.plusSeconds(50), 80)).isEqualTo(9);      // the two next: the higher
    assertThat(f.peakUpperAhead(t0.plusSeconds(170), 600)).isEqualTo(3);    // only the last is still ahead
    assertThat(f.peakUpperAhead(t0.plusSeconds(200), 600)).isZero();        // in the last: nothing forecast after it
    assertThat(f.peakUpperAhead(t0.minusSeconds(30), 40)).isEqualTo(5);     // before the forecast: its first step starts within the lead
  }
}
