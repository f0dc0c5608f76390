package dev.cortado.server.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuGaugeTest {
  @Test
  void the_machines_cpu_reads_as_a_share_or_not_at_all_every_time_it_is_asked() {
    CpuGauge gauge = CpuGauge.machine();
    double first = gauge.busy();
    assertThat(Double.isNaN(first) || (first >= 0 && first <= 1)).as("busy = %s", first).isTrue();
    double again = gauge.busy();
    assertThat(Double.isNaN(again) || (again >= 0 && again <= 1)).as("busy = %s", again).isTrue();
  }

  @Test
  void the_gauge_reads_the_mean_of_the_last_five_valid_readings() {
    CpuGauge.RecentMean mean = new CpuGauge.RecentMean(5);
    assertThat(mean.add(-1)).isNaN(); // the platform's "not known yet"
    assertThat(mean.add(1.0)).isEqualTo(1.0);
    assertThat(mean.add(0.7)).isCloseTo(0.85, within(1e-12));
    mean.add(1.0);
    mean.add(0.8);
    assertThat(mean.add(1.0)).isCloseTo(0.9, within(1e-12));
    // A sixth pushes out the first 1.0: 0.7, 1.0, 0.8, 1.0, 0.5.
    assertThat(mean.add(0.5)).isCloseTo(0.8, within(1e-12));
    assertThat(mean.add(Double.NaN)).isCloseTo(0.8, within(1e-12));
  }
}
