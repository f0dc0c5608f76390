package dev.cortado.control.selection;

import static dev.cortado.control.selection.Fleet.MEDIUM;
import static dev.cortado.control.selection.Fleet.SMALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.control.TestProfiles;
import dev.cortado.control.cost.CostModel;
import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.model.InstanceSize;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The records selection reads validate what they are given and say which value is wrong. */
class SelectionInputsTest {
  @Test
  void query_bounds_are_validated() {
    Query q = Query.forTask("t");
    assertThatThrownBy(() -> q.withLatencySloMs(0)).hasMessage("latencySloMs = 0.0, must be a finite number > 0");
    assertThatThrownBy(() -> q.withMinAccuracy(1.5)).hasMessage("minAccuracy = 1.5, must be in [0, 1]");
    assertThatThrownBy(() -> q.withMaxCostPer1k(Double.NaN)).hasMessage("maxCostPer1k = NaN, must be a number >= 0");
    assertThatThrownBy(() -> Query.forTask(" ")).hasMessage("task is blank");
  }

  @Test
  void absent_bounds_accept_everything() {
    Query q = new Query("t", OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    assertThat(q.accuracyFloor()).isZero();
    assertThat(q.withinSlo(1e9)).isTrue();
    assertThat(q.withinCost(1e9)).isTrue();
  }

  @Test
  void a_candidate_carries_its_own_profile() {
    assertThatThrownBy(() -> new Candidate("a", "t", 0.9, 8, TestProfiles.profile("b", 1, 1, 1, 1, 1)))
        .hasMessage("candidate a carries the profile of b");
    assertThatThrownBy(() -> new Candidate("a", "t", 1.1, 8, TestProfiles.profile("a", 1, 1, 1, 1, 1)))
        .hasMessage("accuracy of a = 1.1, must be in [0, 1]");
    assertThatThrownBy(() -> new Candidate("a", "t", 0.9, 0, TestProfiles.profile("a", 1, 1, 1, 1, 1)))
        .hasMessage("maxBatchSize of a = 0, must be at least 1");
  }

  @Test
  void a_context_has_one_candidate_per_variant_and_loads_filed_under_their_names() {
    CostModel cost = CostModel.cloudRunDefaults();
    assertThatThrownBy(() -> new SelectionContext(List.of(SMALL, SMALL), Map.of(), cost, 0))
        .hasMessage("variant small is a candidate twice");
    assertThatThrownBy(() -> new SelectionContext(List.of(SMALL), Map.of("small", VariantLoad.idle("medium")), cost, 0))
        .hasMessage("load of medium is filed under small");
    assertThatThrownBy(() -> new SelectionContext(List.of(SMALL), Map.of(), cost, -1)).hasMessage("freeCores = -1, must be >= 0");
    assertThat(new SelectionContext(List.of(SMALL), Map.of(), cost, 0).loadOf("small")).isEqualTo(VariantLoad.idle("small"));
  }

  @Test
  void loads_and_free_cores_come_from_a_cluster_status() {
    ClusterStatus status = new ClusterStatus(List.of(
        instance("m1", "medium", InstanceState.READY, 3),
        instance("m2", "medium", InstanceState.READY, 4),
        instance("m3", "medium", InstanceState.STARTING, 1),
        instance("m4", "medium", InstanceState.STOPPING, 5),
        instance("s1", "small", InstanceState.STARTING, 0)), 8);
    SelectionContext ctx = SelectionContext.of(List.of(SMALL, MEDIUM), status, CostModel.cloudRunDefaults());
    assertThat(ctx.loadOf("medium")).isEqualTo(new VariantLoad("medium", 2, 1, 8));
    assertThat(ctx.loadOf("small")).isEqualTo(new VariantLoad("small", 0, 1, 0));
    assertThat(ctx.loadOf("large")).isEqualTo(VariantLoad.idle("large"));
    assertThat(ctx.freeCores()).isEqualTo(4);
  }

  @Test
  void a_load_is_never_negative() {
    assertThatThrownBy(() -> new VariantLoad("v", -1, 0, 0)).hasMessage("load of v: -1 ready, 0 starting, 0 outstanding; each must be >= 0");
  }

  private static InstanceStatus instance(String id, String variant, InstanceState state, int outstanding) {
    return new InstanceStatus(id, variant, InstanceSize.cpu(1), state, outstanding, Instant.EPOCH);
  }
}
