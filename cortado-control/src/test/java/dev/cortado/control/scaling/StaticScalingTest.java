package dev.cortado.control.scaling;

import static dev.cortado.control.scaling.Observed.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instances of 10 requests per second each, planned at 90% utilisation. */
class StaticScalingTest {
  static final InstanceCapacity TEN_PER_SECOND = new InstanceCapacity(1, 100, 10);
  static final Duration TICK = Duration.ofSeconds(1);

  final StaticScaling policy = new StaticScaling(List.of(
      ScaledVariant.atLeastOne("busy", Observed.ONE_THREAD, TEN_PER_SECOND, 20),
      ScaledVariant.atLeastOne("idle", Observed.ONE_THREAD, TEN_PER_SECOND, 20),
      new ScaledVariant("never", Observed.ONE_THREAD, TEN_PER_SECOND, 0, 20),
      ScaledVariant.atLeastOne("capped", Observed.ONE_THREAD, TEN_PER_SECOND, 3)),
      Map.of("busy", 45.0, "idle", 0.0, "never", 0.0, "capped", 1000.0), 0.9);

  @Test
  void provisions_each_variant_for_its_peak_within_its_bounds() {
    ScalingDecision decision = policy.decide(Observed.context(TICK, Observed.variant("busy", 1, 0, 0, 0),
        Observed.variant("idle", 1, 0, 0, 0), Observed.variant("never", 0, 0, 0, 0), Observed.variant("capped", 1, 0, 0, 0)),
        at(1));

    assertThat(decision.targets()).extracting(ScalingDecision.Target::variant, ScalingDecision.Target::instances)
        .containsExactly(
            tuple("busy", 5),
            tuple("idle", 1),
            tuple("never", 0),
            tuple("capped", 3));
    assertThat(decision.targets().getFirst().reason()).contains("peak 45.00/s").contains("-> 5");
  }

  @Test
  void never_changes_whatever_it_observes() {
    for (long t = 1; t <= 100; t++) {
      ScalingDecision decision = policy.decide(Observed.context(TICK, Observed.variant("busy", (int) (t % 7), 0, t * 10, t)),
          at(t));
      assertThat(decision.targets()).singleElement().extracting(ScalingDecision.Target::instances).isEqualTo(5);
    }
  }

  @Test
  void decides_only_for_the_variants_it_provisions_and_observes() {
    ScalingDecision decision = policy.decide(Observed.context(TICK, Observed.variant("other", 1, 0, 0, 0),
        Observed.variant("idle", 1, 0, 0, 0)), at(1));
    assertThat(decision.targets()).extracting(ScalingDecision.Target::variant).containsExactly("idle");
  }

  @Test
  void every_variant_needs_a_peak_rate_and_every_rate_a_variant() {
    List<ScaledVariant> one = List.of(ScaledVariant.atLeastOne("a", Observed.ONE_THREAD, TEN_PER_SECOND, 5));
    assertThatThrownBy(() -> new StaticScaling(one, Map.of(), 0.9)).hasMessageContaining("peak rate of a");
    assertThatThrownBy(() -> new StaticScaling(one, Map.of("a", 1.0, "b", 1.0), 0.9)).hasMessageContaining("b");
    assertThatThrownBy(() -> new StaticScaling(one, Map.of("a", 1.0), 0)).hasMessageContaining("utilisation");
  }
}
