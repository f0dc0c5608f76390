package dev.cortado.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelStatisticsTest {
  @Test
  void requests_sharing_a_batch_count_their_samples_each_and_the_execution_once() {
    ModelStatistics stats = new ModelStatistics();
    // Two requests of one sample each ran as one batch of 2; a request of 3 samples ran alone.
    stats.recordSuccess(1, 2, true, 5_000, 1_000, 10, 200, 20, 100);
    stats.recordSuccess(1, 2, false, 6_000, 2_000, 10, 200, 20, 101);
    stats.recordSuccess(3, 3, true, 4_000, 0, 30, 500, 40, 102);

    ModelStatistics.Snapshot s = stats.snapshot();
    assertThat(s.inferenceCount()).isEqualTo(5);
    assertThat(s.executionCount()).isEqualTo(2);
    assertThat(s.success().count()).isEqualTo(3);
    assertThat(s.success().ns()).isEqualTo(15_000);
    assertThat(s.computeInfer().count()).isEqualTo(3);
    assertThat(s.byBatchSize()).containsOnlyKeys(2L, 3L);
    assertThat(s.byBatchSize().get(2L).computeInfer()).isEqualTo(new ModelStatistics.Counted(1, 200));
    assertThat(s.byBatchSize().get(3L).computeInfer()).isEqualTo(new ModelStatistics.Counted(1, 500));
    assertThat(s.lastInferenceMillis()).isEqualTo(102);
  }
}
