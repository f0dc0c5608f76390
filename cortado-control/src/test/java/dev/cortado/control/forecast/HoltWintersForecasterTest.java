package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.control.forecast.HoltWintersForecaster.Seasonality;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class HoltWintersForecasterTest {
  private static HoltWintersForecaster hourly(Seasonality seasonality) {
    return new HoltWintersForecaster(seasonality, Duration.ofHours(1), Duration.ofHours(12), Duration.ofHours(1),
        Duration.ofHours(2), 0.95);
  }

  private static double trendAndSeason(int t) {
    return 100 + 0.05 * t + 20 * Math.sin(2 * Math.PI * (t % 60) / 60.0);
  }

  @Test
  void additiveRecoversALinearTrendPlusSeasonWithinAHundredthOfARequestPerSecond() {
    RateHistory history = Series.minutes(600, HoltWintersForecasterTest::trendAndSeason);

    Forecast f = hourly(Seasonality.ADDITIVE).forecast(history, history.end(), Duration.ofMinutes(120));

    for (int i = 0; i < 120; i++) {
      assertThat(f.meanAt(i)).as("step %d", i).isCloseTo(trendAndSeason(600 + i), within(0.01));
    }
  }

  @Test
  void additiveThroughNoiseStaysWithinTwoPercentOfTheTruth() {
    SplittableRandom random = new SplittableRandom(7);
    RateHistory history = Series.minutes(600, t -> trendAndSeason(t) + 2 * random.nextGaussian());

    Forecast f = hourly(Seasonality.ADDITIVE).forecast(history, history.end(), Duration.ofMinutes(60));

    double absoluteError = 0;
    for (int i = 0; i < 60; i++) {
      absoluteError += Math.abs(f.meanAt(i) - trendAndSeason(600 + i));
      assertThat(f.upperAt(i)).isGreaterThan(f.meanAt(i));
    }
    assertThat(absoluteError / 60).as("mean absolute error; the noise alone has sd 2").isLessThan(2.6);
  }

  @Test
  void multiplicativeRecoversASeasonThatGrowsWithTheLevelWithinHalfAPercent() {
    IntToDoubleFunction truth = t -> (100 + 0.05 * t) * (1 + 0.3 * Math.sin(2 * Math.PI * (t % 60) / 60.0));
    RateHistory history = Series.minutes(600, truth);

    Forecast f = hourly(Seasonality.MULTIPLICATIVE).forecast(history, history.end(), Duration.ofMinutes(60));

    for (int i = 0; i < 60; i++) {
      double expected = truth.applyAsDouble(600 + i);
      assertThat(f.meanAt(i)).as("step %d", i).isCloseTo(expected, within(0.005 * expected));
    }
  }

  @Test
  void multiplicativeTakesZerosWithoutDivergingOrGoingNegative() {
    RateHistory history = Series.minutes(600, t -> t % 60 < 10 || t % 97 == 0 ? 0 : 50 + 10 * Math.sin(t / 9.0));

    Forecast f = hourly(Seasonality.MULTIPLICATIVE).forecast(history, history.end(), Duration.ofMinutes(60));

    for (int i = 0; i < 60; i++) {
      assertThat(f.meanAt(i)).isBetween(0.0, 200.0);
      assertThat(f.upperAt(i)).isGreaterThanOrEqualTo(f.meanAt(i));
    }
  }

  @Test
  void withoutTwoSeasonsItRunsHoltsLinearMethodAndFollowsTheTrend() {
    RateHistory history = Series.minutes(90, t -> 10 + 0.5 * t);

    Forecast f = hourly(Seasonality.ADDITIVE).forecast(history, history.end(), Duration.ofMinutes(10));

    for (int i = 0; i < 10; i++) {
      assertThat(f.meanAt(i)).isCloseTo(10 + 0.5 * (90 + i), within(0.05));
    }
  }

  @Test
  void theFitIsMemoisedPerRefitIntervalWithoutChangingTheAnswer() {
    RateHistory history = Series.noisyDaily(3000, 3);
    HoltWintersForecaster warm = hourly(Seasonality.ADDITIVE);
    warm.forecast(history.slice(0, 2990), history.timeOf(2990), Duration.ofMinutes(5));

    Forecast memoised = warm.forecast(history, history.end(), Duration.ofMinutes(5));
    Forecast fresh = hourly(Seasonality.ADDITIVE).forecast(history, history.end(), Duration.ofMinutes(5));

    assertThat(memoised).isEqualTo(fresh);
  }
}
