package dev.cortado.control.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.core.profile.Profile;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ObservedSpeed} on {@link BatchProfiles#linear()}: p50 1, 1.5, 2.5, 4.5 ms and p99 1 + b ms at 1, 2, 4, 8. */
class ObservedSpeedTest {
  private final Profile profile = BatchProfiles.linear();
  private final ObservedSpeed speed = new ObservedSpeed(new LatencyTable(profile, 0.99, 8), new LatencyTable(profile, 0.5, 8));

  private void run(int times, int items, double observedMs) {
    for (int i = 0; i < times; i++) {
      speed.observe(items, observedMs);
    }
  }

  @Test
  void the_profile_stands_until_a_bucket_has_enough_batches_well_below_it() {
    run(ObservedSpeed.MIN_SAMPLES - 1, 8, 2.25);
    assertThat(speed.factor(8)).as("15 batches are not enough").isEqualTo(1.0);
    assertThat(speed.judgedMs(8)).isEqualTo(9.0);

    run(1, 8, 2.25);
    assertThat(speed.factor(8)).as("16 batches at half the median").isEqualTo(0.5);
    assertThat(speed.judgedMs(8)).isEqualTo(4.5);
    assertThat(speed.medianMs(8)).isEqualTo(2.25);
  }

  @Test
  void within_fifteen_percent_or_slower_the_profile_stands_and_a_factor_is_never_below_a_quarter() {
    run(32, 4, 2.5 * 0.9);
    assertThat(speed.factor(4)).as("10 % faster is within the profile's error").isEqualTo(1.0);
    run(32, 2, 1.5 * 3);
    assertThat(speed.factor(2)).as("slower is the margin's to cover").isEqualTo(1.0);
    run(32, 1, 0.01);
    assertThat(speed.factor(1)).isEqualTo(ObservedSpeed.FLOOR);
  }

  @Test
  void a_bucket_spans_a_power_of_two_and_smaller_batches_are_not_predicted_slower_than_larger_ones_ran() {
    run(16, 4, 1.25);
    assertThat(speed.factor(4)).isEqualTo(0.5);
    assertThat(speed.factor(7)).as("4-7 is one bucket").isEqualTo(0.5);
    assertThat(speed.factor(8)).isEqualTo(1.0);
    assertThat(speed.judgedMs(6)).isEqualTo(3.5); // p99(6) = 7, halved

    // Batches of 2-3 have not been seen; their profile says 3-4 ms at p99, but a batch of 4 was seen to take 2.5.
    assertThat(speed.judgedMs(2)).isEqualTo(2.5);
    assertThat(speed.judgedMs(1)).isEqualTo(2.0); // below the ceiling anyway
    assertThat(speed.medianMs(2)).isEqualTo(1.25);
  }

  @Test
  void corrected_latencies_stay_non_decreasing_in_the_batch_size_whatever_was_observed() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      int items = 1 + random.nextInt(8);
      speed.observe(items, profile.latencyMs(items, 0.5) * (0.2 + 1.2 * random.nextDouble()));
      for (int k = 1; k < 8; k++) {
        assertThat(speed.judgedMs(k + 1)).as("judged %d vs %d, round %d", k + 1, k, round)
            .isGreaterThanOrEqualTo(speed.judgedMs(k));
        assertThat(speed.medianMs(k + 1)).as("median %d vs %d, round %d", k + 1, k, round)
            .isGreaterThanOrEqualTo(speed.medianMs(k));
        assertThat(speed.judgedMs(k)).isLessThanOrEqualTo(profile.latencyMs(k, 0.99) + 1e-12);
      }
    }
    assertThat(speed.factor(1) * speed.factor(2) * speed.factor(4) * speed.factor(8)).as("something was learned").isLessThan(1.0);
  }

  @Test
  void a_faster_window_is_forgotten_as_batches_run_at_the_profile_again() {
    run(32, 8, 2.25);
    assertThat(speed.factor(8)).isEqualTo(0.5);
    run(16, 8, 4.5);
    assertThat(speed.factor(8)).as("half the window back at the profile: median between").isCloseTo(0.75, within(1e-9));
    run(ObservedSpeed.EVERY - 1, 8, 4.5);
    assertThat(speed.factor(8)).as("worked out again only every %d batches", ObservedSpeed.EVERY).isCloseTo(0.75, within(1e-9));
    run(1, 8, 4.5);
    assertThat(speed.factor(8)).as("24 of the 32 at the profile").isEqualTo(1.0);
    assertThat(speed.judgedMs(8)).isEqualTo(9.0);
  }
}
