package dev.cortado.control.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceCapacityTest {
  /** Batches of 10 in 10 ms: 1,000 requests/s. */
  private static final InstanceCapacity TEN_IN_10MS = new InstanceCapacity(10, 10, 1000);

  @Test
  void a_burst_takes_the_instances_that_answer_it_in_back_to_back_batches_within_what_is_left_of_the_slo() {
    // 50 ms SLO, 10 ms window, 80 %: floor(40 * 0.8 / 10) = 3 batches of 10 per instance
    assertThat(TEN_IN_10MS.instancesForBurst(30, 10, 50, 0.8)).isEqualTo(1);
    assertThat(TEN_IN_10MS.instancesForBurst(31, 10, 50, 0.8)).isEqualTo(2);
    assertThat(TEN_IN_10MS.instancesForBurst(500, 10, 50, 0.8)).isEqualTo(17);
    // the same 500 at a 1 s SLO: floor(990 * 0.8 / 10) = 79 batches, 790 requests per instance
    assertThat(TEN_IN_10MS.instancesForBurst(500, 10, 1000, 0.8)).isEqualTo(1);
  }

  @Test
  void no_burst_and_no_deadline_need_no_instance_and_an_slo_shorter_than_a_batch_counts_one_batch_per_instance() {
    assertThat(TEN_IN_10MS.instancesForBurst(0, 10, 50, 0.8)).isZero();
    assertThat(TEN_IN_10MS.instancesForBurst(25, 10, 15, 0.8)).isEqualTo(3);
    assertThat(TEN_IN_10MS.instancesForBurst(500, 10, Double.POSITIVE_INFINITY, 0.8)).as("no SLO: the rate decides").isZero();
  }
}
