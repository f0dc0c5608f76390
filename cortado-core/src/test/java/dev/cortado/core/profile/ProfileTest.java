package dev.cortado.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.core.model.InstanceSize;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileTest {
  @Test
  void fit_recovers_a_line() {
    LatencyModel m = LatencyModel.fit(new int[] {1, 2, 4, 8}, new double[] {1.5, 2.0, 3.0, 5.0});
    assertThat(m.interceptMs()).isCloseTo(1.0, within(1e-9));
    assertThat(m.slopeMs()).isCloseTo(0.5, within(1e-9));
    assertThat(m.rmseMs()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void fit_reports_its_error() {
    LatencyModel m = LatencyModel.fit(new int[] {1, 2, 3}, new double[] {1, 3, 2});
    assertThat(m.rmseMs()).isGreaterThan(0.4);
  }

  @Test
  void percentiles_interpolate_between_ranks() {
    BatchLatency b = BatchLatency.of(4, List.of(4.0, 1.0, 3.0, 2.0, 5.0));
    assertThat(b.p50Ms()).isEqualTo(3.0);
    assertThat(b.p95Ms()).isCloseTo(4.8, within(1e-9));
    assertThat(b.meanMs()).isEqualTo(3.0);
    assertThat(b.throughputPerSecond()).isCloseTo(4000.0 / 3.0, within(1e-9));
  }

  @Test
  void latency_is_measured_interpolated_or_extrapolated() {
    Profile p = new Profile("m", "1", InstanceSize.cpu(1),
        List.of(BatchLatency.of(1, List.of(1.0)), BatchLatency.of(4, List.of(4.0))),
        LatencyModel.fit(new int[] {1, 4}, new double[] {1.0, 4.0}), 50, 1 << 20, Instant.EPOCH, "test");
    assertThat(p.latencyMs(1, 0.5)).isEqualTo(1.0);
    assertThat(p.latencyMs(2, 0.5)).isCloseTo(2.0, within(1e-9));
    assertThat(p.latencyMs(8, 0.99)).isCloseTo(8.0, within(1e-9));
    assertThat(p.maxBatchSize()).isEqualTo(4);
  }
}
