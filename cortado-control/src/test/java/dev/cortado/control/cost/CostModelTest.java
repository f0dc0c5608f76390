package dev.cortado.control.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.control.TestProfiles;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import org.junit.jupiter.api.Test;

class CostModelTest {
  private static final CostModel CLOUD_RUN = CostModel.cloudRunDefaults();

  @Test
  void defaults_are_cloud_runs_published_prices() {
    assertThat(CLOUD_RUN.pricePerCoreSecond()).isEqualTo(0.000024);
    assertThat(CLOUD_RUN.pricePerGibSecond()).isEqualTo(0.0000025);
  }

  @Test
  void an_instance_costs_its_cores_and_its_memory() {
    // 4 * 0.000024 + 2 GiB * 0.0000025
    assertThat(CLOUD_RUN.costPerSecond(InstanceSize.cpu(4), 2L << 30)).isCloseTo(0.000101, within(1e-15));
  }

  @Test
  void a_request_served_alone_pays_the_whole_instance_for_its_median_latency() {
    Profile p = TestProfiles.profile("m", 1, 512, 100, 10, 15);
    // 0.010 s * (1 * 0.000024 + 0.5 GiB * 0.0000025)
    assertThat(CLOUD_RUN.costPerRequest(p, 1)).isCloseTo(2.525e-7, within(1e-18));
    assertThat(CLOUD_RUN.costPer1k(p, 1)).isCloseTo(2.525e-4, within(1e-15));
  }

  @Test
  void a_batch_shares_the_instance() {
    Profile p = TestProfiles.profile("m", 1, 512, 100, 10, 15);
    // batch 8 takes 40 ms: 0.040 s * 0.00002525 / 8
    assertThat(CLOUD_RUN.costPerRequest(p, 8)).isCloseTo(1.2625e-7, within(1e-18));
  }

  @Test
  void more_threads_cost_more_per_second() {
    Profile p = TestProfiles.profile("m", 2, 1024, 100, 12, 20);
    // 0.012 s * (2 * 0.000024 + 1 GiB * 0.0000025)
    assertThat(CLOUD_RUN.costPerRequest(p, 1)).isCloseTo(6.06e-7, within(1e-18));
  }

  @Test
  void custom_prices_apply() {
    CostModel memoryOnly = new CostModel(0.0, 0.00001);
    Profile p = TestProfiles.profile("m", 1, 1024, 100, 100, 150);
    // 0.1 s * 1 GiB * 0.00001
    assertThat(memoryOnly.costPerRequest(p, 1)).isCloseTo(1e-6, within(1e-18));
  }

  @Test
  void prices_must_be_finite_and_not_negative() {
    assertThatThrownBy(() -> new CostModel(-1, 0)).hasMessage("pricePerCoreSecond = -1.0, must be a finite number >= 0");
    assertThatThrownBy(() -> new CostModel(0, Double.NaN)).hasMessage("pricePerGibSecond = NaN, must be a finite number >= 0");
    assertThatThrownBy(() -> new CostModel(Double.POSITIVE_INFINITY, 0)).hasMessageContaining("pricePerCoreSecond = Infinity");
  }

  @Test
  void batch_size_must_be_positive() {
    Profile p = TestProfiles.profile("m", 1, 512, 100, 10, 15);
    assertThatThrownBy(() -> CLOUD_RUN.costPerRequest(p, 0)).hasMessage("batchSize = 0, must be at least 1");
  }
}
