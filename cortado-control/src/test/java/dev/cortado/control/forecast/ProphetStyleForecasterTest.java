package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProphetStyleForecasterTest {
  private static final int DAY = 1440;

  private static ProphetStyleForecaster prophet() {
    return new ProphetStyleForecaster(ProphetStyleForecaster.Settings.defaults(), Duration.ofDays(7),
        Duration.ofHours(6), Duration.ofHours(6), 0.95);
  }

  /** 10 requests per second more each day, and a daily sine of amplitude 20. */
  private static double trendAndSine(int t) {
    return 50 + 10.0 * t / DAY + 20 * Math.sin(2 * Math.PI * t / DAY);
  }

  @ParameterizedTest(name = "{0} days")
  @ValueSource(ints = {4, 10})
  void recoversALinearTrendAndADailySineWithinATenthOfARequestPerSecond(int days) {
    // 10 days are 14,400 minutes: fitted on 4,800 means of 3 minutes each.
    RateHistory history = Series.minutes(days * DAY, ProphetStyleForecasterTest::trendAndSine);

    Forecast f = prophet().forecast(history, history.end(), Duration.ofHours(3));

    for (int i = 0; i < 180; i++) {
      assertThat(f.meanAt(i)).as("step %d", i).isCloseTo(trendAndSine(days * DAY + i), within(0.1));
    }
  }

  @Test
  void theErrorCorrectionFollowsALevelShiftTheCurveCannotSee() {
    RateHistory history = Series.minutes(4 * DAY, t -> trendAndSine(t) + (t >= 4 * DAY - 60 ? 10 : 0));
    ProphetStyleForecaster corrected = new ProphetStyleForecaster(
        ProphetStyleForecaster.Settings.defaults().withErrorCorrection(true), Duration.ofDays(7), Duration.ofHours(6),
        Duration.ofHours(6), 0.95);

    Forecast plain = prophet().forecast(history, history.end(), Duration.ofMinutes(1));
    Forecast shifted = corrected.forecast(history, history.end(), Duration.ofMinutes(1));

    double truth = trendAndSine(4 * DAY) + 10;
    assertThat(corrected.name()).isEqualTo("prophet-style-ar");
    assertThat(Math.abs(plain.meanAt(0) - truth)).as("the curve alone, which spreads the shift over 4 days")
        .isGreaterThan(7);
    assertThat(shifted.meanAt(0)).as("curve + the latest error, barely decayed").isCloseTo(truth, within(1.0));
  }

  @Test
  void throughNoiseTheUpperQuantileCoversTheNoise() {
    SplittableRandom random = new SplittableRandom(11);
    RateHistory history = Series.minutes(4 * DAY, t -> trendAndSine(t) + 3 * random.nextGaussian());

    Forecast f = prophet().forecast(history, history.end(), Duration.ofHours(1));

    for (int i = 0; i < 60; i++) {
      assertThat(f.meanAt(i)).isCloseTo(trendAndSine(4 * DAY + i), within(1.0));
      assertThat(f.upperAt(i) - f.meanAt(i)).as("about 1.645 sd of 3").isBetween(4.0, 6.0);
    }
  }

  @Test
  void betweenRefitsItReusesTheFitAndAnswersAsAFreshOneWould() {
    RateHistory history = Series.noisyDaily(4 * DAY, 5);
    ProphetStyleForecaster warm = prophet();
    warm.forecast(history.slice(0, 4 * DAY - 30), history.timeOf(4 * DAY - 30), Duration.ofMinutes(15));

    Forecast memoised = warm.forecast(history, history.end(), Duration.ofMinutes(15));
    Forecast fresh = prophet().forecast(history, history.end(), Duration.ofMinutes(15));

    assertThat(memoised).isEqualTo(fresh);
  }
}
