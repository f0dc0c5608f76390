package dev.cortado.server.batching;

import static org.assertj.core.api.Assertions.assertThat;

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
}
