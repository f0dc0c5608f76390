package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every forecaster promises, whatever its model. */
class ForecasterContractTest {
  static Stream<Forecaster> forecasters() {
    return Forecasters.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasters")
  void refusesAnEmptyHistory(Forecaster forecaster) {
    RateHistory empty = new RateHistory(Series.START, Series.MINUTE, new double[0]);

    assertThatThrownBy(() -> forecaster.forecast(empty, Series.START, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("history is empty: a forecast needs at least one observed step");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasters")
  void refusesAHorizonThatIsNotPositiveAndANowBeforeTheHistoryEnds(Forecaster forecaster) {
    RateHistory history = Series.minutes(10, t -> t);

    assertThatThrownBy(() -> forecaster.forecast(history, history.end(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("horizon = PT0S, must be positive");
    assertThatThrownBy(() -> forecaster.forecast(history, history.end(), Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("horizon = PT-1M, must be positive");
    assertThatThrownBy(() -> forecaster.forecast(history, history.end().minusSeconds(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is before the end of the history");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasters")
  void meansAreNeverNegativeAndUppersNeverBelowThem(Forecaster forecaster) {
    for (RateHistory history : List.of(Series.noisyDaily(4 * 1440, 1), Series.minutes(40, t -> t % 3 == 0 ? 0 : 9))) {
      Forecast f = forecaster.forecast(history, history.end(), Duration.ofMinutes(15));

      assertThat(f.size()).isEqualTo(15);
      assertThat(f.from()).isEqualTo(history.end());
      for (int i = 0; i < f.size(); i++) {
        assertThat(f.meanAt(i)).isGreaterThanOrEqualTo(0);
        assertThat(f.upperAt(i)).isGreaterThanOrEqualTo(f.meanAt(i));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasters")
  void aNowPastTheHistoryStillCoversTheHorizonFromNow(Forecaster forecaster) {
    RateHistory history = Series.minutes(100, t -> 5);

    Forecast f = forecaster.forecast(history, history.end().plusSeconds(90), Duration.ofMinutes(2));

    assertThat(f.from()).isEqualTo(history.end());
    assertThat(f.size()).as("1.5 min of gap + 2 min of horizon, in whole minutes").isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasters")
  void theSameArgumentsGiveTheSameForecast(Forecaster forecaster) {
    RateHistory history = Series.noisyDaily(3 * 1440, 2);
    Forecaster fresh = Forecasters.named(forecaster.name());

    Forecast first = forecaster.forecast(history, history.end(), Duration.ofMinutes(15));

    assertThat(forecaster.forecast(history, history.end(), Duration.ofMinutes(15))).isEqualTo(first);
    assertThat(fresh.forecast(history, history.end(), Duration.ofMinutes(15))).isEqualTo(first);
  }
}
