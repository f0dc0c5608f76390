package dev.cortado.control.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CortadoScalingTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final RateHistory NO_HISTORY = new RateHistory(Instant.EPOCH, MINUTE, new double[0]);

  /** One thread: 100 req/s per instance, 1 unit per second, 2 s cold start. */
  private static final SizeOption ONE = new SizeOption(InstanceSize.cpu(1), new InstanceCapacity(10, 100, 100), 1.0, 2.0);
  /** Two threads: 300 req/s per instance at 2 units per second: cheaper per request under load. */
  private static final SizeOption TWO = new SizeOption(InstanceSize.cpu(2), new InstanceCapacity(10, 33.3, 300), 2.0, 2.0);

  /** A forecaster that says the next steps bring {@code upper} requests per second, whatever the history. */
  private static Forecaster saying(double upper) {
    return new Forecaster() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
        int steps = (int) Math.max(1, horizon.toNanos() / history.step().toNanos() + 1);
        double[] mean = new double[steps];
        double[] up = new double[steps];
        java.util.Arrays.fill(mean, upper);
        java.util.Arrays.fill(up, upper);
        return new Forecast(history.end(), history.step(), mean, up, 0.95);
      }
    };
  }

  private static CortadoScaling policy(Forecaster forecaster, RateHistory history, SizeOption... sizes) {
    return new CortadoScaling(List.of(new ForecastedVariant("v", List.of(sizes), forecaster, history, 1000)),
        CortadoScaling.Settings.defaults());
  }

  private static ScalingContext tick(long arrivals, int queued, int ready) {
    return new ScalingContext(Duration.ofSeconds(1),
        List.of(new VariantObservation("v", InstanceSize.cpu(1), ready, 0, arrivals, queued, queued, arrivals, 1, 1)), 64);
  }

  private static Instant at(long seconds) {
    return Instant.EPOCH.plusSeconds(seconds);
  }

  private static ScalingDecision.Target target(ScalingDecision d) {
    return d.targets().getFirst();
  }

  @Test
  void it_provisions_for_the_forecast_before_the_load_arrives() {
    // a minute of history at 10/s; the forecast says 1000/s next: 1000 / (100 * 0.8) = 12.5 -> 13 instances
    CortadoScaling p = policy(saying(1000), new RateHistory(at(-60), MINUTE, new double[] {10}), ONE);
    ScalingDecision.Target t = target(p.decide(tick(0, 0, 1), at(1)));
    assertThat(t.instances()).isEqualTo(13);
    assertThat(t.reason()).contains("forecast 1000.0/s");
    assertThat(p.forecastRate("v")).isEqualTo(1000);
  }

  @Test
  void without_a_forecast_it_follows_the_observed_rate_at_once() {
    CortadoScaling p = policy(saying(0), NO_HISTORY, ONE);
    // 5 ticks at 400/s: 400 / 80 = 5 instances; the queue of 80 adds 80/s: 480 / 80 = 6
    for (int s = 1; s <= 4; s++) {
      assertThat(target(p.decide(tick(400, 0, 1), at(s))).instances()).isEqualTo(5);
    }
    assertThat(target(p.decide(tick(400, 80, 5), at(5))).instances()).isEqualTo(6);
  }

  @Test
  void it_scales_down_only_after_the_delay_and_to_zero_only_after_the_keep_alive() {
    CortadoScaling p = policy(saying(0), NO_HISTORY, ONE);
    assertThat(target(p.decide(tick(800, 0, 1), at(1))).instances()).isEqualTo(10);
    // idle from t = 2: the count wanted at t = 1 holds for the 60 s delay
    for (int s = 2; s <= 61; s++) {
      assertThat(target(p.decide(tick(0, 0, 10), at(s))).instances()).as("t = %d", s).isEqualTo(10);
    }
    // the 5 s window of observed rates still held t = 1 until t = 5: 400/s, 267/s, 200/s, 160/s were wanted at t = 2..5,
    // and each falls out of the 60 s delay in turn
    assertThat(target(p.decide(tick(0, 0, 10), at(62))).instances()).isEqualTo(5);
    assertThat(target(p.decide(tick(0, 0, 5), at(63))).instances()).isEqualTo(4);
    assertThat(target(p.decide(tick(0, 0, 4), at(64))).instances()).isEqualTo(3);
    assertThat(target(p.decide(tick(0, 0, 3), at(65))).instances()).isEqualTo(2);
    // then to zero: keep-alive = (0 * 2 s + 1) * 0.001 / 1.0 per s -> the 10 s minimum, long past the last arrival at t = 1
    assertThat(target(p.decide(tick(0, 0, 2), at(66))).instances()).isEqualTo(0);
  }

  @Test
  void one_instance_stays_warm_while_the_keep_alive_runs() {
    CortadoScaling p = policy(saying(0), NO_HISTORY, ONE);
    p.decide(tick(1, 0, 1), at(1));
    for (int s = 2; s <= 10; s++) {
      ScalingDecision.Target t = target(p.decide(tick(0, 0, 1), at(s)));
      assertThat(t.instances()).as("t = %d", s).isEqualTo(1);
    }
    ScalingDecision.Target t = target(p.decide(tick(0, 0, 1), at(70)));
    assertThat(t.instances()).isZero();
    assertThat(t.reason()).contains("to zero");
  }

  @Test
  void a_cheaper_size_takes_over_only_after_it_has_paid_for_the_hold() {
    CortadoScaling p = policy(saying(0), NO_HISTORY, ONE, TWO);
    // 1200/s: one thread needs 15 instances (15 units/s), two threads 5 (10 units/s): 0.67 of the cost
    ScalingDecision.Target first = target(p.decide(tick(1200, 0, 1), at(1)));
    assertThat(first.size()).isEqualTo(InstanceSize.cpu(1));
    assertThat(first.instances()).isEqualTo(15);
    for (int s = 2; s <= 30; s++) {
      assertThat(target(p.decide(tick(1200, 0, 15), at(s))).size()).as("t = %d", s).isEqualTo(InstanceSize.cpu(1));
    }
    ScalingDecision.Target after = target(p.decide(tick(1200, 0, 15), at(31)));
    assertThat(after.size()).isEqualTo(InstanceSize.cpu(2));
    assertThat(after.instances()).isEqualTo(5);
  }

  /** A tick whose answers took {@code meanLatencyMs} on average, at {@code instances} ready. */
  private static ScalingContext answered(long arrivals, int instances, double meanLatencyMs) {
    return new ScalingContext(Duration.ofSeconds(1), List.of(new VariantObservation("v", InstanceSize.cpu(1), instances, 0,
        arrivals, 1, 0, arrivals, meanLatencyMs, 1)), 64);
  }

  @Test
  void a_step_in_the_load_is_met_one_tick_after_it_not_once_the_window_has_filled() {
    CortadoScaling p = policy(saying(0), NO_HISTORY, ONE);
    for (int s = 1; s <= 4; s++) {
      assertThat(target(p.decide(tick(80, 0, 1), at(s))).instances()).isEqualTo(1);
    }
    // 80/s -> 800/s: the 5 s window says (4 * 80 + 800) / 5 = 224/s (3 instances); the last tick says 800/s: 800 / 80 = 10
    ScalingDecision.Target t = target(p.decide(tick(800, 0, 1), at(5)));
    assertThat(t.instances()).isEqualTo(10);
    assertThat(t.reason()).contains("observed 800.0/s");
  }

  @Test
  void answers_near_the_slo_add_an_instance_until_they_are_not_and_the_count_then_holds_for_the_reactive_window() {
    CortadoScaling p = new CortadoScaling(List.of(new ForecastedVariant("v", List.of(ONE), saying(0), NO_HISTORY, 1000, 100)),
        CortadoScaling.Settings.defaults());
    // {second, ready instances, mean latency ms, expected target}: 400/s wants 5 by the rates; pressure above 90 ms
    double[][] table = {
        {1, 5, 50, 5},    // well within the SLO: the rates decide
        {2, 5, 90, 5},    // at 90 % exactly: not over it
        {3, 5, 95, 6},    // over: one more than it has
        {4, 6, 97, 7},    // still over with the new one: one more again
        {5, 7, 40, 7},    // drained: the rates want 5, the 5 s reactive window holds 7
        {9, 7, 40, 7},    // 7 was wanted at t = 4, within the window
        {10, 7, 40, 5},   // t = 4 is out of the window: pressure's count is not held for the 60 s delay
    };
    for (double[] row : table) {
      ScalingDecision.Target t = target(p.decide(answered(400, (int) row[1], row[2]), at((long) row[0])));
      assertThat(t.instances()).as("t = %.0f", row[0]).isEqualTo((int) row[3]);
      assertThat(t.reason().contains("latency pressure")).as("t = %.0f", row[0]).isEqualTo(row[2] > 90);
    }
  }

  @Test
  void latency_pressure_waits_while_instances_are_starting_since_their_capacity_is_already_on_its_way() {
    CortadoScaling p = new CortadoScaling(List.of(new ForecastedVariant("v", List.of(ONE), saying(0), NO_HISTORY, 1000, 100)),
        CortadoScaling.Settings.defaults());
    // 400/s wants 5 by the rates; answers at 95 ms (over 90 % of the SLO) while 2 more are starting.
    ScalingContext starting = new ScalingContext(Duration.ofSeconds(1), List.of(new VariantObservation("v", InstanceSize.cpu(1), 3, 2,
        400, 1, 0, 400, 95, 1)), 64);
    ScalingDecision.Target waiting = target(p.decide(starting, at(1)));
    assertThat(waiting.instances()).isEqualTo(5);
    assertThat(waiting.reason()).doesNotContain("latency pressure");

    // Once they are ready and answers are still slow, pressure adds one.
    ScalingDecision.Target pressed = target(p.decide(answered(400, 5, 95), at(2)));
    assertThat(pressed.instances()).isEqualTo(6);
    assertThat(pressed.reason()).contains("latency pressure");
  }

  @Test
  void a_fan_out_gets_the_instances_that_answer_it_within_the_slo_and_keeps_them_for_the_scale_down_delay() {
    // batches of 10 in 10 ms (1,000/s per instance), a 50 ms SLO: 3 batches, 30 requests, per instance for a burst
    SizeOption fast = new SizeOption(InstanceSize.cpu(1), new InstanceCapacity(10, 10, 1000), 1.0, 1.0);
    CortadoScaling p = new CortadoScaling(List.of(new ForecastedVariant("v", List.of(fast), saying(0), NO_HISTORY, 1000, 50)),
        CortadoScaling.Settings.defaults());
    // 200 requests in a second: one instance at their rate; all 200 within 10 ms: 7 to answer them in time
    assertThat(target(p.decide(bursty(200, 2), at(1))).instances()).as("spread out").isEqualTo(1);
    ScalingDecision.Target fanOut = target(p.decide(bursty(200, 200), at(2)));
    assertThat(fanOut.instances()).isEqualTo(7);
    assertThat(fanOut.reason()).contains("a burst of 200 requests within 10 ms takes 7 instance(s)");
    // bursts recur as load does: the count holds for the 60 s delay like one the observed rate asked for
    for (int s = 3; s <= 61; s++) {
      assertThat(target(p.decide(bursty(200, 2), at(s))).instances()).as("t = %d", s).isEqualTo(7);
    }
    assertThat(target(p.decide(bursty(200, 2), at(63))).instances()).isEqualTo(1);
  }

  /** A 1 s tick of {@code arrivals}, at most {@code burst} of them within the burst window. */
  private static ScalingContext bursty(long arrivals, int burst) {
    return new ScalingContext(Duration.ofSeconds(1), List.of(new VariantObservation("v", InstanceSize.cpu(1), 1, 0, arrivals, 0.2,
        0, arrivals, 5, 5, burst)), 64);
  }

  @Test
  void latency_is_not_watched_without_an_slo_nor_at_zero_instances() {
    CortadoScaling unwatched = policy(saying(0), NO_HISTORY, ONE);
    assertThat(target(unwatched.decide(answered(400, 5, 5_000), at(1))).instances()).isEqualTo(5);
    CortadoScaling watched = new CortadoScaling(List.of(new ForecastedVariant("v", List.of(ONE), saying(0), NO_HISTORY, 1000,
        100)), CortadoScaling.Settings.defaults());
    // no instance: the requests that waited for a cold start were slow; the rates alone decide (1/s: one instance)
    assertThat(target(watched.decide(answered(1, 0, 5_000), at(1))).instances()).isEqualTo(1);
  }
}
