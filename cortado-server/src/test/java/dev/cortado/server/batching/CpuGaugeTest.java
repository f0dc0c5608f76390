package dev.cortado.server.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
  void on_linux_the_gauge_comes_to_read_a_busy_share_while_a_core_works() {
    assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux reports CPU load");
    CpuGauge gauge = CpuGauge.machine();
    double busy = Double.NaN;
    long spin = 0;
    // Bounded: at most 5 s of this thread's work, while the gauge's thread samples every 100 ms.
    for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; ) {
      for (int i = 0; i < 1_000_000; i++) {
        spin += i ^ spin;
      }
      busy = gauge.busy();
      if (busy > 0) {
        break;
      }
    }
    assertThat(busy).as("a reading above 0 (spin %d)", spin).isGreaterThan(0).isLessThanOrEqualTo(1);
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
