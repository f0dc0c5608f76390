package dev.cortado.control.scaling;

import static dev.cortado.control.scaling.Observed.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Knative's defaults on a variant whose instances batch 10, so a pod's target is 10 × 70% = 7
 * requests in flight. Ticks every 2 s: the stable window holds 30 ticks, the panic window 3.
 */
class KpaScalingTest {
  static final ScaledVariant M = new ScaledVariant("m", Observed.ONE_THREAD, new InstanceCapacity(10, 100, 100), 0, 100);
  static final Duration TICK = Duration.ofSeconds(2);

  final KpaScaling kpa = new KpaScaling(List.of(M));

  ScalingDecision.Target tick(long t, int ready, double inFlight) {
    return tick(t, ready, 0, inFlight);
  }

  ScalingDecision.Target tick(long t, int ready, int starting, double inFlight) {
    ScalingDecision decision = kpa.decide(Observed.context(TICK, Observed.variant("m", ready, starting, 0, inFlight)), at(t));
    assertThat(decision.targets()).hasSize(1);
    return decision.targets().getFirst();
  }

  /** Ticks from {@code from} to {@code to} inclusive at a steady load; returns each tick's target. */
  List<Integer> steady(long from, long to, int ready, double inFlight) {
    List<Integer> targets = new ArrayList<>();
    for (long t = from; t <= to; t += 2) {
      targets.add(tick(t, ready, inFlight).instances());
    }
    return targets;
  }

  @Test
  void uses_knatives_defaults() {
    KpaScaling.Settings s = KpaScaling.Settings.published();
    assertThat(kpa.name()).isEqualTo("kpa");
    assertThat(kpa.tick()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.stableWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.panicWindow()).isEqualTo(Duration.ofSeconds(6));
    assertThat(s.panicThreshold()).isEqualTo(2.0);
    assertThat(s.targetUtilisation()).isEqualTo(0.7);
    assertThat(s.maxScaleUpRate()).isEqualTo(1000);
    assertThat(s.maxScaleDownRate()).isEqualTo(2);
    assertThat(s.scaleToZeroGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.containerConcurrency()).isEmpty();
  }

  @Test
  void the_stable_window_asks_for_ceil_of_concurrency_over_the_target() {
    assertThat(tick(2, 1, 7).instances()).isEqualTo(1);
    assertThat(tick(4, 1, 7.7).instances()).as("(7 + 7.7) / 2 = 7.35 in flight wants 1.05 pods").isEqualTo(2);
  }

  @Test
  void starts_in_panic_with_more_than_one_ready_and_holds_that_scale_for_a_stable_window() {
    assertThat(steady(2, 62, 4, 7)).containsOnly(4);
    ScalingDecision.Target after = tick(64, 4, 7);
    assertThat(after.instances()).as("stable wants 1, limited to half of 4").isEqualTo(2);
    assertThat(after.reason()).startsWith("stable");
  }

  @Test
  void panics_when_the_panic_window_wants_exactly_twice_the_ready_pods() {
    steady(2, 64, 4, 28);

    ScalingDecision.Target oneAndAHalf = tick(66, 4, 56);
    assertThat(oneAndAHalf.instances()).as("panic window 37.3 wants 6 of 4 ready; stable 28.9 wants 5").isEqualTo(5);
    assertThat(oneAndAHalf.reason()).startsWith("stable");
    ScalingDecision.Target belowTwice = tick(68, 4, 56);
    assertThat(belowTwice.instances()).as("panic window 46.7 wants 7 of 4 ready: 175%").isEqualTo(5);
    assertThat(belowTwice.reason()).startsWith("stable");
    ScalingDecision.Target twice = tick(70, 4, 56);
    assertThat(twice.instances()).as("panic window 56 wants 8 of 4 ready: 200%").isEqualTo(8);
    assertThat(twice.reason()).startsWith("panic");
  }

  @Test
  void stays_in_panic_without_scaling_down_until_a_stable_window_after_the_threshold_last_held() {
    steady(2, 64, 4, 28);
    steady(66, 70, 4, 56);
    for (long t = 72; t <= 130; t += 2) {
      ScalingDecision.Target held = tick(t, 4, 28);
      assertThat(held.instances()).as("at %d s", t).isEqualTo(8);
      assertThat(held.reason()).startsWith("panic");
    }
    ScalingDecision.Target calm = tick(132, 4, 28);
    assertThat(calm.reason()).as("last over the threshold at 70 s; 70 s + 60 s < 132 s").startsWith("stable");
    assertThat(calm.instances()).isEqualTo(4);
  }

  @Test
  void crossing_the_threshold_again_restarts_the_panic_clock() {
    steady(2, 64, 4, 28);
    steady(66, 70, 4, 56);
    steady(72, 98, 4, 28);
    assertThat(tick(100, 4, 112).instances()).as("panic window (28 + 28 + 112) / 3 = 56 wants 8 of 4 ready").isEqualTo(8);
    // The burst stays in the 6 s panic window for three ticks: over the threshold at 100, 102 and 104 s.
    assertThat(steady(102, 164, 4, 28)).containsOnly(8);
    assertThat(tick(166, 4, 28).reason()).startsWith("stable");
  }

  @Test
  void scales_down_at_most_to_half_of_the_ready_pods_per_tick() {
    steady(2, 64, 8, 56);
    assertThat(steady(66, 120, 8, 0)).containsOnly(8, 7, 6, 5, 4);
    ScalingDecision.Target wantsOne = tick(122, 8, 0);
    assertThat(wantsOne.reason()).contains("-> 1 ");
    assertThat(wantsOne.instances()).isEqualTo(4);
    assertThat(tick(124, 8, 0).instances()).as("wants 0 of 8").isEqualTo(4);
    assertThat(tick(126, 4, 0).instances()).isEqualTo(2);
    assertThat(tick(128, 2, 0).instances()).isEqualTo(1);
  }

  @Test
  void scales_to_zero_only_after_zero_was_wanted_for_the_grace_period() {
    assertThat(tick(2, 1, 7).instances()).isEqualTo(1);
    assertThat(steady(4, 60, 1, 0)).as("7 in flight 2 s out of 60 still wants a pod").containsOnly(1);
    ScalingDecision.Target first = tick(62, 1, 0);
    assertThat(first.instances()).isEqualTo(1);
    assertThat(first.reason()).contains("zero wanted for 0 s");
    assertThat(steady(64, 90, 1, 0)).containsOnly(1);
    assertThat(tick(92, 1, 0).instances()).as("zero wanted since 62 s").isZero();
    assertThat(tick(94, 0, 0).instances()).isZero();
  }

  @Test
  void load_during_the_grace_period_starts_it_again() {
    tick(2, 1, 7);
    steady(4, 78, 1, 0);
    assertThat(tick(80, 1, 7).instances()).isEqualTo(1);
    assertThat(steady(82, 138, 1, 0)).as("the load at 80 s stays in the stable window until 140 s").containsOnly(1);
    ScalingDecision.Target again = tick(140, 1, 0);
    assertThat(again.reason()).contains("zero wanted for 0 s");
    assertThat(steady(142, 168, 1, 0)).containsOnly(1);
    assertThat(tick(170, 1, 0).instances()).isZero();
  }

  @Test
  void while_waiting_for_zero_it_keeps_at_most_one_instance() {
    tick(2, 1, 0);
    assertThat(tick(4, 1, 1, 0).instances()).as("one ready, one starting, zero wanted").isEqualTo(1);
    assertThat(tick(6, 0, 0, 0).instances()).as("nothing left to keep").isZero();
  }

  @Test
  void buffered_requests_at_zero_ask_for_pods_at_once_counted_against_one_ready_pod() {
    ScalingDecision.Target fromZero = tick(2, 0, 21);
    assertThat(fromZero.instances()).as("21 in flight want 3 pods: 300% of one").isEqualTo(3);
    assertThat(fromZero.reason()).startsWith("panic");
  }

  @Test
  void container_concurrency_is_the_instances_batch_unless_set() {
    assertThat(tick(2, 2, 21).instances()).as("21 / (10 x 0.7)").isEqualTo(3);

    KpaScaling five = new KpaScaling(List.of(M), KpaScaling.Settings.published().withContainerConcurrency(5));
    ScalingDecision decision = five.decide(Observed.context(TICK, Observed.variant("m", 2, 0, 0, 21)), at(2));
    assertThat(decision.targets().getFirst().instances()).as("21 / (5 x 0.7)").isEqualTo(6);

    ScaledVariant unbatched = new ScaledVariant("m", Observed.ONE_THREAD, new InstanceCapacity(1, 10, 100), 0, 100);
    KpaScaling one = new KpaScaling(List.of(unbatched));
    decision = one.decide(Observed.context(TICK, Observed.variant("m", 2, 0, 0, 2.1)), at(2));
    assertThat(decision.targets().getFirst().instances()).as("2.1 / 0.7 is 3 pods, not 3.0000000000000004").isEqualTo(3);
  }

  @Test
  void keeps_within_the_variants_bounds() {
    ScaledVariant capped = new ScaledVariant("m", Observed.ONE_THREAD, new InstanceCapacity(10, 100, 100), 1, 3);
    KpaScaling bounded = new KpaScaling(List.of(capped));
    assertThat(bounded.decide(Observed.context(TICK, Observed.variant("m", 1, 0, 0, 700)), at(2)).targets().getFirst()
        .instances()).isEqualTo(3);
    for (long t = 4; t <= 200; t += 2) {
      assertThat(bounded.decide(Observed.context(TICK, Observed.variant("m", 1, 0, 0, 0)), at(t)).targets().getFirst()
          .instances()).as("at %d s", t).isPositive();
    }
  }

  @Test
  void decides_only_for_the_variants_it_scales() {
    ScalingDecision decision = kpa.decide(Observed.context(TICK, Observed.variant("other", 1, 0, 0, 70),
        Observed.variant("m", 1, 0, 0, 7)), at(2));
    assertThat(decision.targets()).extracting(ScalingDecision.Target::variant).containsExactly("m");
  }
}
