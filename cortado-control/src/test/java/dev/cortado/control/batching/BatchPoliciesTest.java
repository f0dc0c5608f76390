package dev.cortado.control.batching;

import static dev.cortado.control.batching.Scenario.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BatchPoliciesTest {
  private final BatchingConfig config = BatchingConfig.defaults();

  @Test
  void buildsEachPolicyByName() {
    assertThat(BatchPolicies.NAMES).containsExactly("cortado", "mlproxy", "fixed", "none");
    for (String name : BatchPolicies.NAMES) {
      assertThat(BatchPolicies.byName(name, BatchProfiles.linear(), config).name()).isEqualTo(name);
    }
    assertThat(BatchPolicies.byName("cortado", BatchProfiles.plateau(), config)).isInstanceOfSatisfying(CortadoBatching.class,
        c -> assertThat(c.cap()).isEqualTo(4));
    assertThat(BatchPolicies.byName("mlproxy", BatchProfiles.linear(), config)).isInstanceOfSatisfying(MlproxyBatching.class,
        m -> assertThat(m.batchSize()).isEqualTo(1));
    assertThat(BatchPolicies.byName("fixed", null, config)).isInstanceOfSatisfying(FixedBatching.class,
        f -> assertThat(f.maxQueueDelay()).isEqualTo(Duration.ofMillis(5)));
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> BatchPolicies.byName("clipper", null, config))
        .isInstanceOfSatisfying(CortadoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("unknown batching policy 'clipper'; known policies: cortado, mlproxy, fixed, none");
    assertThatThrownBy(() -> BatchPolicies.byName(null, null, config)).hasMessageContaining("known policies");
  }

  @Test
  void policiesThatPredictNeedAProfile() {
    assertThatThrownBy(() -> BatchPolicies.byName("cortado", null, config))
        .hasMessageContaining("batching policy 'cortado' predicts batch latency and needs the variant's profile");
    assertThat(BatchPolicies.byName("none", null, config)).isInstanceOf(NoBatching.class);
  }

  @Test
  void configReportsEveryBadKeyAtOnce() {
    assertThatThrownBy(() -> BatchingConfig.builder().maxBatch(0).defaultSloMs(-1).priorityLevels(2).defaultPriorityLevel(5)
        .marginQuantile(2).build())
        .isInstanceOfSatisfying(CortadoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("batching: max-batch = 0, must be at least 1; default-slo-ms = -1.0, must be a finite number > 0; "
            + "default-priority-level = 5, must be between 1 and priority-levels (2); margin-quantile = 2.0, must be in [0, 1]");
  }

  @Test
  void defaultLevelFollowsTheLowestUnlessSet() {
    assertThat(BatchingConfig.builder().priorityLevels(5).build().defaultPriorityLevel()).isEqualTo(5);
    assertThat(BatchingConfig.builder().priorityLevels(5).defaultPriorityLevel(2).build().defaultPriorityLevel()).isEqualTo(2);
    assertThat(BatchingConfig.builder().maxBatch(16).build().toBuilder().build()).isEqualTo(
        BatchingConfig.builder().maxBatch(16).build());
  }

  @Test
  void deadlineIsTheTighterOfSloAndTimeoutElseTheDefault() {
    BatchingConfig c = BatchingConfig.builder().defaultSloMs(100).build();
    assertThat(c.deadline(ms(5), OptionalDouble.of(20), Optional.empty())).isEqualTo(ms(25));
    assertThat(c.deadline(ms(5), OptionalDouble.empty(), Optional.of(Duration.ofMillis(30)))).isEqualTo(ms(35));
    assertThat(c.deadline(ms(5), OptionalDouble.of(20), Optional.of(Duration.ofMillis(10)))).isEqualTo(ms(15));
    assertThat(c.deadline(ms(5), OptionalDouble.of(0.5), Optional.of(Duration.ofMillis(10)))).isEqualTo(ms(5.5));
    assertThat(c.deadline(ms(5), OptionalDouble.empty(), Optional.empty())).isEqualTo(ms(105));
  }

  @Test
  void priorityZeroIsTheDefaultLevelAndOthersAreBounded() {
    assertThat(config.priorityLevel(0)).isEqualTo(3);
    assertThat(config.priorityLevel(1)).isEqualTo(1);
    assertThatThrownBy(() -> config.priorityLevel(4))
        .isInstanceOfSatisfying(CortadoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("priority = 4, must be between 0 (the default level, 3) and 3 (priority-levels)");
    RequestQueue<String> queue = config.newQueue();
    assertThat(queue.capacity()).isEqualTo(1024);
    assertThat(queue.priorityLevel(0)).isEqualTo(3);
  }
}
