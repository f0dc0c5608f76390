package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeasonalNaiveForecasterTest {
  private final SeasonalNaiveForecaster hourly =
      new SeasonalNaiveForecaster(Duration.ofHours(1), Duration.ofHours(2), 0.95);

  private static double periodic(int t) {
    return 10 + 5 * Math.sin(2 * Math.PI * (t % 60) / 60.0) + (t % 60 == 7 ? 30 : 0);
  }

  @Test
  void reproducesAPurelySeasonalSeriesExactlyAcrossMoreThanOneSeason() {
    RateHistory history = Series.minutes(180, SeasonalNaiveForecasterTest::periodic);

    Forecast f = hourly.forecast(history, history.end(), Duration.ofMinutes(90));

    assertThat(f.from()).isEqualTo(history.end());
    assertThat(f.size()).isEqualTo(90);
    for (int i = 0; i < 90; i++) {
      assertThat(f.meanAt(i)).as("step %d", i).isEqualTo(periodic(180 + i));
      assertThat(f.upperAt(i)).as("no past error, no margin: step %d", i).isEqualTo(f.meanAt(i));
    }
  }

  @Test
  void theUpperQuantileAddsThePastSeasonalErrors() {
    RateHistory history = Series.minutes(240, t -> periodic(t) + (t >= 120 ? 2 : 0));

    Forecast f = hourly.forecast(history, history.end(), Duration.ofMinutes(1));

    assertThat(f.meanAt(0)).isEqualTo(periodic(240) + 2);
    assertThat(f.upperAt(0)).as("errors over the last 2 h: 60 of +2, 60 of 0; q95 = 2").isEqualTo(periodic(240) + 4);
  }

  @Test
  void fallsBackToTheLastValueUntilTheHistoryHoldsASeason() {
    RateHistory history = Series.minutes(30, t -> t);

    Forecast f = hourly.forecast(history, history.end(), Duration.ofMinutes(3));

    assertThat(f.mean()).containsExactly(29, 29, 29);
    assertThat(f.upper()).as("the naive errors at lead h are h").containsExactly(30, 31, 32);
  }
}
