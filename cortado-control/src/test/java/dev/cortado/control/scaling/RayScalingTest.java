package dev.cortado.control.scaling;

import static dev.cortado.control.scaling.Observed.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ray Serve's defaults, ticking every second: 2 ongoing requests per replica, averaged over the last
 * 30 s; up after 30 ticks of wanting more, down after 600 of wanting fewer.
 */
class RayScalingTest {
  static final InstanceCapacity CAPACITY = new InstanceCapacity(1, 100, 10);
  static final Duration TICK = Duration.ofSeconds(1);

  RayScaling ray = new RayScaling(List.of(ScaledVariant.atLeastOne("r", Observed.ONE_THREAD, CAPACITY, 10)));

  ScalingDecision.Target tick(long t, int ready, int starting, double ongoing) {
    ScalingDecision decision = ray.decide(Observed.context(TICK, Observed.variant("r", ready, starting, 0, ongoing)), at(t));
    assertThat(decision.targets()).hasSize(1);
    return decision.targets().getFirst();
  }

  int instances(long t, int ready, double ongoing) {
    return tick(t, ready, 0, ongoing).instances();
  }

  List<Integer> steady(long from, long to, int ready, double ongoing) {
    List<Integer> targets = new ArrayList<>();
    for (long t = from; t <= to; t++) {
      targets.add(instances(t, ready, ongoing));
    }
    return targets;
  }

  @Test
  void uses_ray_serves_defaults() {
    RayScaling.Settings s = RayScaling.Settings.published();
    assertThat(ray.name()).isEqualTo("ray");
    assertThat(ray.tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.targetOngoingRequests()).isEqualTo(2);
    assertThat(s.upscaleDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.downscaleDelay()).isEqualTo(Duration.ofSeconds(600));
    assertThat(s.lookBack()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void scales_up_only_once_more_was_wanted_for_thirty_ticks_in_a_row() {
    assertThat(instances(1, 1, 2)).isEqualTo(1);
    assertThat(steady(2, 31, 1, 8)).as("wanting 3 or 4 since 2 s").containsOnly(1);
    ScalingDecision.Target up = tick(32, 1, 0, 8);
    assertThat(up.instances()).as("8 ongoing over the last 30 s want 4").isEqualTo(4);
    assertThat(up.reason()).contains("scale up");
    assertThat(instances(33, 1, 8)).as("the counter starts again at the new target").isEqualTo(4);
  }

  @Test
  void a_tick_that_wants_the_target_starts_the_upscale_count_again() {
    steady(1, 10, 1, 2);
    assertThat(instances(11, 1, 4)).as("24 / 11 ongoing want 2").isEqualTo(1);
    assertThat(instances(12, 1, 0)).as("24 / 12 = 2 ongoing want 1, the target").isEqualTo(1);
    assertThat(steady(13, 42, 1, 8)).as("wanting more since 13 s").containsOnly(1);
    assertThat(instances(43, 1, 8)).isEqualTo(4);
  }

  @Test
  void scales_down_only_once_fewer_was_wanted_for_six_hundred_ticks_in_a_row() {
    assertThat(steady(1, 10, 4, 8)).containsOnly(4);
    assertThat(steady(11, 14, 4, 2)).as("(80 + 8) / 14 ongoing still want 4").containsOnly(4);
    assertThat(steady(15, 614, 4, 2)).as("wanting fewer since 15 s").containsOnly(4);
    ScalingDecision.Target down = tick(615, 4, 0, 2);
    assertThat(down.instances()).as("2 ongoing want 1").isEqualTo(1);
    assertThat(down.reason()).contains("scale down");
  }

  @Test
  void a_tick_that_does_not_want_fewer_starts_the_downscale_count_again() {
    steady(1, 10, 4, 8);
    steady(11, 314, 4, 2);
    assertThat(instances(315, 4, 152)).as("(29 x 2 + 152) / 30 = 7 ongoing want 4, the target").isEqualTo(4);
    assertThat(steady(316, 344, 4, 2)).as("the burst stays in the look-back until 345 s").containsOnly(4);
    assertThat(steady(345, 944, 4, 2)).as("wanting fewer since 345 s").containsOnly(4);
    assertThat(instances(945, 4, 2)).isEqualTo(1);
  }

  @Test
  void wanting_more_after_counting_down_counts_up_from_one() {
    steady(1, 10, 4, 8);
    steady(11, 24, 4, 2);
    assertThat(steady(25, 54, 4, 100)).as("counted down since 15 s; wants more since 25 s").containsOnly(4);
    assertThat(instances(55, 4, 100)).as("100 ongoing want 50, 10 at most").isEqualTo(10);
  }

  @Test
  void wanting_fewer_after_counting_up_counts_down_from_one() {
    steady(1, 10, 4, 8);
    // One burst keeps the look-back above 8 ongoing (wanting more than 4) from 11 s to 40 s: 30 ticks, one short of scaling up.
    assertThat(instances(11, 4, 300)).isEqualTo(4);
    assertThat(steady(12, 640, 4, 2)).as("wants more until 40 s, fewer since 41 s").containsOnly(4);
    assertThat(instances(641, 4, 2)).isEqualTo(1);
  }

  @Test
  void scaling_down_from_more_than_one_stops_at_one_even_when_zero_is_allowed() {
    ray = new RayScaling(List.of(new ScaledVariant("r", Observed.ONE_THREAD, CAPACITY, 0, 10)));
    assertThat(steady(1, 10, 3, 6)).containsOnly(3);
    assertThat(steady(11, 614, 3, 0)).as("60 / 15 = 4 ongoing want 2 from 15 s").containsOnly(3);
    assertThat(instances(615, 3, 0)).as("0 wanted").isEqualTo(1);
    assertThat(steady(616, 1215, 1, 0)).containsOnly(1);
    assertThat(instances(1216, 1, 0)).isZero();
  }

  @Test
  void with_none_ready_any_ongoing_request_asks_for_a_replica_at_once() {
    ray = new RayScaling(List.of(new ScaledVariant("r", Observed.ONE_THREAD, CAPACITY, 0, 10)));
    assertThat(instances(1, 0, 0)).isZero();
    ScalingDecision.Target cold = tick(2, 0, 0, 3);
    assertThat(cold.instances()).isEqualTo(1);
    assertThat(cold.reason()).contains("cold start");
    assertThat(tick(3, 0, 1, 3).instances()).as("starting: the target holds").isEqualTo(1);
  }

  @Test
  void scales_from_one_to_zero_after_the_downscale_delay() {
    ray = new RayScaling(List.of(new ScaledVariant("r", Observed.ONE_THREAD, CAPACITY, 0, 10)));
    instances(1, 0, 0);
    instances(2, 0, 3);
    tick(3, 0, 1, 3);
    assertThat(steady(4, 32, 1, 0)).as("3 ongoing at 2 and 3 s stay in the look-back until 33 s").containsOnly(1);
    assertThat(steady(33, 632, 1, 0)).containsOnly(1);
    assertThat(instances(633, 1, 0)).isZero();
  }

  @Test
  void keeps_within_the_variants_bounds() {
    steady(1, 30, 1, 1000);
    assertThat(instances(31, 1, 1000)).as("500 wanted, 10 at most").isEqualTo(10);
    assertThat(steady(32, 660, 10, 0)).as("the load at 31 s leaves the look-back at 61 s").containsOnly(10);
    assertThat(instances(661, 10, 0)).as("0 wanted, 1 at least").isEqualTo(1);
  }
}
