package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.control.forecast.EnsembleForecaster.Combination;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleForecasterTest {
  /** Always the same rate, with an upper quantile {@code margin} above it. */
  private record Constant(String name, double rate, double margin) implements Forecaster {
    @Override
    public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
      int steps = Horizon.steps(history, now, horizon);
      double[] mean = new double[steps];
      double[] upper = new double[steps];
      Arrays.fill(mean, rate);
      Arrays.fill(upper, rate + margin);
      return new Forecast(history.end(), history.step(), mean, upper, 0.95);
    }
  }

  private final RateHistory tens = Series.minutes(120, t -> 10);
  private final Forecaster close = new Constant("close", 11, 1);
  private final Forecaster far = new Constant("far", 20, 3);

  @Test
  void bestPicksTheMemberWithTheLowerRecentError() {
    EnsembleForecaster best = new EnsembleForecaster(List.of(far, close), Combination.BEST, 8, 15);

    Forecast f = best.forecast(tens, tens.end(), Duration.ofMinutes(5));

    for (double[] step : best.weights(tens, 5)) {
      assertThat(step).containsExactly(0, 1);
    }
    assertThat(f.mean()).containsOnly(11);
    assertThat(f.upper()).containsOnly(12);
  }

  @Test
  void weightedAveragesByInverseSquaredSmape() {
    EnsembleForecaster weighted = new EnsembleForecaster(List.of(far, close), Combination.WEIGHTED, 8, 15);

    Forecast f = weighted.forecast(tens, tens.end(), Duration.ofMinutes(5));

    double smapeFar = 200 * 10 / 30.0;
    double smapeClose = 200 * 1 / 21.0;
    double wClose = (1 / (smapeClose * smapeClose)) / (1 / (smapeClose * smapeClose) + 1 / (smapeFar * smapeFar));
    assertThat(weighted.weights(tens, 5)[0][1]).isCloseTo(wClose, within(1e-12));
    assertThat(f.meanAt(0)).isCloseTo(wClose * 11 + (1 - wClose) * 20, within(1e-9));
    assertThat(f.upperAt(0)).isCloseTo(wClose * 12 + (1 - wClose) * 23, within(1e-9));
  }

  @Test
  void withRealMembersOnAPeriodicLoadItTrustsTheSeasonalOne() {
    RateHistory daily = Series.minutes(3 * 1440, t -> 100 + 50 * Math.sin(2 * Math.PI * (t % 1440) / 1440.0));
    EnsembleForecaster best = new EnsembleForecaster(
        List.of(Forecasters.lastValue(), Forecasters.seasonalNaive()), Combination.BEST, 8, 15);

    assertThat(best.weights(daily, 15)[14]).containsExactly(0, 1);
  }

  @Test
  void eachStepAheadTrustsTheMemberThatWasRightAtThatLead() {
    RateHistory wave = Series.minutes(607, t -> 100 + 50 * Math.sin(2 * Math.PI * t / 30));
    EnsembleForecaster best = new EnsembleForecaster(
        List.of(new Constant("mean", 100, 0), Forecasters.lastValue()), Combination.BEST, 8, 15);

    double[][] weights = best.weights(wave, 15);

    assertThat(weights[0]).as("a minute ahead the wave has barely moved from the last value").containsExactly(0, 1);
    assertThat(weights[14]).as("half a period ahead it is opposite the last value: its mean is closer")
        .containsExactly(1, 0);
  }

  @Test
  void tooShortToBacktestWeighsTheMembersEqually() {
    RateHistory one = Series.minutes(1, t -> 10);
    EnsembleForecaster weighted = new EnsembleForecaster(List.of(far, close), Combination.WEIGHTED, 8, 15);

    assertThat(weighted.forecast(one, one.end(), Duration.ofMinutes(1)).meanAt(0)).isEqualTo(15.5);
  }
}
