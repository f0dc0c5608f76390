package dev.cortado.control.scaling;

import static dev.cortado.control.scaling.Observed.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INFaaS's defaults, ticking every second, on a variant whose instance runs batches of 1 in a
 * profiled 100 ms: 10 requests per second per instance. Arrivals per tick are the demand per second.
 */
class InfaasScalingTest {
  static final InstanceCapacity CAPACITY = new InstanceCapacity(1, 100, 10);
  static final Duration TICK = Duration.ofSeconds(1);

  InfaasScaling infaas = new InfaasScaling(List.of(ScaledVariant.atLeastOne("i", Observed.ONE_THREAD, CAPACITY, 20)));
  long now;

  ScalingDecision.Target tick(int ready, int starting, long arrivals, double batchMs) {
    now++;
    VariantObservation observed = Observed.withBatches("i", ready, starting, arrivals, 0, batchMs);
    ScalingDecision decision = infaas.decide(Observed.context(TICK, observed), at(now));
    assertThat(decision.targets()).hasSize(1);
    return decision.targets().getFirst();
  }

  int instances(int ready, long arrivals) {
    return tick(ready, 0, arrivals, 100).instances();
  }

  List<Integer> repeat(int ticks, int ready, long arrivals) {
    List<Integer> targets = new ArrayList<>();
    for (int k = 0; k < ticks; k++) {
      targets.add(instances(ready, arrivals));
    }
    return targets;
  }

  @Test
  void uses_infaas_defaults() {
    InfaasScaling.Settings s = InfaasScaling.Settings.published();
    assertThat(infaas.name()).isEqualTo("infaas");
    assertThat(infaas.tick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.scaleDownDelay()).isEqualTo(10);
    assertThat(s.overloadFactor()).isEqualTo(2.5);
  }

  @Test
  void adds_the_instances_the_excess_demand_needs_at_once() {
    assertThat(instances(2, 45)).as("2 + ceil((45 - 20) / 10)").isEqualTo(5);
    assertThat(instances(2, 21)).as("2 + ceil(1 / 10)").isEqualTo(3);
    assertThat(instances(2, 20)).as("demand equal to capacity").isEqualTo(2);
  }

  @Test
  void counts_starting_instances_in_the_capacity() {
    assertThat(tick(1, 1, 45, 100).instances()).as("2 + ceil((45 - 20) / 10)").isEqualTo(5);
    assertThat(tick(1, 4, 45, 100).instances()).as("5 instances serve 50/s").isEqualTo(5);
  }

  @Test
  void removes_one_instance_on_the_first_low_decision_after_ten_in_a_row() {
    assertThat(repeat(10, 3, 20)).as("20/s fits in 2 instances").containsOnly(3);
    ScalingDecision.Target down = tick(3, 0, 20, 100);
    assertThat(down.instances()).isEqualTo(2);
    assertThat(down.reason()).contains("for 11 decisions, removes 1");
    assertThat(repeat(10, 2, 10)).as("the count starts again after a removal").containsOnly(2);
    assertThat(instances(2, 10)).isEqualTo(1);
  }

  @Test
  void a_decision_that_is_not_low_starts_the_count_again() {
    assertThat(repeat(5, 3, 20)).containsOnly(3);
    assertThat(instances(3, 25)).as("25/s needs all 3").isEqualTo(3);
    assertThat(repeat(10, 3, 20)).containsOnly(3);
    assertThat(instances(3, 20)).isEqualTo(2);
  }

  @Test
  void an_overloaded_variant_gets_one_more_instance() {
    assertThat(tick(2, 0, 15, 250).instances()).as("exactly 2.5 times the profile is not overloaded").isEqualTo(2);
    ScalingDecision.Target overloaded = tick(2, 0, 15, 250.5);
    assertThat(overloaded.instances()).isEqualTo(3);
    assertThat(overloaded.reason()).contains("overloaded, adds 1");
    assertThat(tick(2, 1, 15, 400).instances()).as("one is already starting").isEqualTo(3);
    assertThat(tick(2, 0, 15, Double.NaN).instances()).as("no batch finished: not overloaded").isEqualTo(2);
  }

  @Test
  void an_overloaded_decision_is_not_low() {
    assertThat(repeat(10, 3, 10)).containsOnly(3);
    assertThat(tick(3, 1, 10, 300).instances()).as("overloaded, one starting").isEqualTo(4);
    assertThat(repeat(10, 4, 10)).containsOnly(4);
    assertThat(instances(4, 10)).isEqualTo(3);
  }

  @Test
  void keeps_at_least_one_instance_unless_its_minimum_is_zero() {
    assertThat(repeat(30, 1, 0)).containsOnly(1);

    infaas = new InfaasScaling(List.of(new ScaledVariant("i", Observed.ONE_THREAD, CAPACITY, 0, 20)));
    assertThat(repeat(10, 1, 0)).containsOnly(1);
    assertThat(instances(1, 0)).isZero();
    assertThat(instances(0, 0)).isZero();
    assertThat(instances(0, 25)).as("ceil(25 / 10) from zero").isEqualTo(3);
  }

  @Test
  void never_asks_for_more_than_the_variants_maximum() {
    assertThat(instances(2, 1000)).isEqualTo(20);
  }
}
