package dev.cortado.sim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.control.forecast.Forecasters;
import dev.cortado.control.forecast.RateHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForecastDemandTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration REACTIVE = Duration.ofSeconds(5);

  /** An hour at a steady 100/s: the last-value forecast and its upper quantile are 100/s. */
  private static RateHistory steady() {
    double[] rates = new double[60];
    Arrays.fill(rates, 100);
    return new RateHistory(START, Duration.ofMinutes(1), rates);
  }

  private static ForecastDemand demand(double sloSeconds) {
    return new ForecastDemand(Forecasters.lastValue(), steady(), 2, REACTIVE, sloSeconds);
  }

  @Test
  void a_backlog_that_is_shed_before_a_cold_start_ends_adds_nothing() {
    Instant now = START.plus(Duration.ofHours(1)).plusSeconds(1);
    // 50 ms SLO, 2 s lead: the 500 queued requests are served or shed before a new instance is ready
    assertThat(demand(0.05).rate(now, 1, 100, 500)).isCloseTo(100, within(1e-9));
  }

  @Test
  void a_backlog_that_outlives_a_cold_start_is_drained_within_a_tick() {
    Instant now = START.plus(Duration.ofHours(1)).plusSeconds(1);
    // 10 s SLO, 2 s lead: capacity started now still serves them
    assertThat(demand(10).rate(now, 1, 100, 500)).isCloseTo(600, within(1e-9));
  }

  @Test
  void a_step_shows_at_once_through_the_last_tick() {
    Instant now = START.plus(Duration.ofHours(1)).plusSeconds(1);
    assertThat(demand(0.05).rate(now, 1, 1000, 0)).isCloseTo(1000, within(1e-9));
  }

  @Test
  void after_a_fall_the_stale_forecast_of_the_step_under_way_holds_nothing() {
    // the forecast expects 100/s for this minute; a tick of 10 arrivals is what the minute shows
    Instant now = START.plus(Duration.ofHours(1)).plusSeconds(1);
    assertThat(demand(0.05).rate(now, 1, 10, 0)).isCloseTo(10, within(1e-9));
  }

  @Test
  void a_step_starting_within_the_lead_is_provisioned_ahead() {
    // 59 s into the minute, a 2 s lead reaches the next minute, forecast at 100/s
    ForecastDemand d = demand(0.05);
    Instant now = START.plus(Duration.ofHours(1)).plusSeconds(59);
    assertThat(d.rate(now, 1, 10, 0)).isCloseTo(100, within(1e-9));
  }
}
