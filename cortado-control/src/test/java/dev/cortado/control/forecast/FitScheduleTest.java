package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FitScheduleTest {
  private final FitSchedule hourlyOnADay = new FitSchedule(Duration.ofHours(1), Duration.ofDays(1));

  @Test
  void theSliceEndsAtTheLatestRefitTimeAndStaysPutUntilTheNext() {
    RateHistory history = Series.minutes(3000, t -> t);

    FitSchedule.Slice at = hourlyOnADay.slice(history.slice(0, 2950), history.timeOf(2950), 10);
    FitSchedule.Slice later = hourlyOnADay.slice(history.slice(0, 2999), history.timeOf(2999), 10);
    FitSchedule.Slice next = hourlyOnADay.slice(history, history.end(), 10);

    assertThat(at).isEqualTo(new FitSchedule.Slice(2940 - 1440, 2940));
    assertThat(later).as("minute 2999 is still in the hour from minute 2940").isEqualTo(at);
    assertThat(next).as("minute 3000 starts the next hour").isEqualTo(new FitSchedule.Slice(3000 - 1440, 3000));
  }

  @Test
  void aSlidingHistoryKeepsItsSliceUntilTheGridMoves() {
    RateHistory history = Series.minutes(3000, t -> t);

    FitSchedule.Slice full = hourlyOnADay.slice(history, history.end(), 10);
    FitSchedule.Slice slid = hourlyOnADay.slice(history.slice(1, 3000), history.end(), 10);

    assertThat(history.timeOf(full.from())).isEqualTo(history.slice(1, 3000).timeOf(slid.from()));
    assertThat(slid.length()).isEqualTo(full.length());
  }

  @Test
  void tooLittleBeforeTheRefitTimeFitsTheLatestWindowInstead() {
    RateHistory history = Series.minutes(50, t -> t);

    assertThat(hourlyOnADay.slice(history, history.end(), 10)).isEqualTo(new FitSchedule.Slice(0, 50));
  }
}
