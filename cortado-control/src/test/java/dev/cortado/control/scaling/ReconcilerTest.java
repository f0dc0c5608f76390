package dev.cortado.control.scaling;

import static dev.cortado.control.scaling.Observed.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.model.InstanceSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  static final InstanceSize ONE = InstanceSize.cpu(1);
  static final InstanceSize TWO = InstanceSize.cpu(2);

  static InstanceStatus instance(String id, String variant, InstanceSize size, InstanceState state, int outstanding,
      long since) {
    return new InstanceStatus(id, variant, size, state, outstanding, at(since));
  }

  static ScalingDecision.Target target(String variant, int instances, InstanceSize size) {
    return new ScalingDecision.Target(variant, instances, size, "test");
  }

  @Test
  void stops_starting_instances_first_then_the_least_busy_newest_first() {
    ClusterStatus status = new ClusterStatus(List.of(
        instance("busy", "m", ONE, InstanceState.READY, 3, 1),
        instance("idle-old", "m", ONE, InstanceState.READY, 0, 2),
        instance("idle-new", "m", ONE, InstanceState.READY, 0, 3),
        instance("cold", "m", ONE, InstanceState.STARTING, 0, 4),
        instance("leaving", "m", ONE, InstanceState.STOPPING, 0, 5)), 16);

    List<ScalingAction> actions = Reconciler.actions(ScalingDecision.of(target("m", 1, ONE)), status);

    assertThat(actions).containsExactly(
        new ScalingAction.Stop("cold", "test"),
        new ScalingAction.Stop("idle-new", "test"),
        new ScalingAction.Stop("idle-old", "test"));
  }

  @Test
  void equal_candidates_stop_by_id() {
    ClusterStatus status = new ClusterStatus(List.of(
        instance("b", "m", ONE, InstanceState.READY, 0, 1),
        instance("a", "m", ONE, InstanceState.READY, 0, 1)), 16);

    assertThat(Reconciler.actions(ScalingDecision.of(target("m", 1, ONE)), status))
        .containsExactly(new ScalingAction.Stop("a", "test"));
  }

  @Test
  void resizes_the_instances_it_keeps_at_another_size() {
    ClusterStatus status = new ClusterStatus(List.of(
        instance("r1", "m", ONE, InstanceState.READY, 2, 1),
        instance("r2", "m", TWO, InstanceState.READY, 1, 2),
        instance("r3", "m", ONE, InstanceState.READY, 0, 3)), 16);

    List<ScalingAction> actions = Reconciler.actions(ScalingDecision.of(target("m", 2, TWO)), status);

    assertThat(actions).containsExactly(
        new ScalingAction.Stop("r3", "test"),
        new ScalingAction.Resize("r1", TWO, "test"));
  }

  @Test
  void starts_only_as_many_as_the_core_budget_has_room_for_once_stops_are_counted() {
    ClusterStatus status = new ClusterStatus(List.of(
        instance("a1", "a", ONE, InstanceState.READY, 0, 1),
        instance("a2", "a", ONE, InstanceState.READY, 0, 1),
        instance("b1", "b", TWO, InstanceState.READY, 0, 1),
        instance("gone", "b", TWO, InstanceState.STOPPING, 0, 1)), 6);

    List<ScalingAction> onlyBudget = Reconciler.actions(ScalingDecision.of(target("a", 9, ONE)), status);
    assertThat(onlyBudget).as("2 of 6 cores free").containsExactly(
        new ScalingAction.Start("a", ONE, "test"),
        new ScalingAction.Start("a", ONE, "test"));

    List<ScalingAction> withStop = Reconciler.actions(ScalingDecision.of(target("a", 9, ONE), target("b", 0, TWO)), status);
    assertThat(withStop).as("stopping b1 frees 2 more cores").containsExactly(
        new ScalingAction.Stop("b1", "test"),
        new ScalingAction.Start("a", ONE, "test"),
        new ScalingAction.Start("a", ONE, "test"),
        new ScalingAction.Start("a", ONE, "test"),
        new ScalingAction.Start("a", ONE, "test"));
  }

  @Test
  void a_start_that_does_not_fit_is_left_out_while_a_smaller_one_still_fits() {
    ClusterStatus status = new ClusterStatus(List.of(instance("a1", "a", ONE, InstanceState.READY, 0, 1)), 4);

    List<ScalingAction> actions = Reconciler.actions(ScalingDecision.of(target("big", 2, TWO), target("a", 2, ONE)), status);

    assertThat(actions).containsExactly(
        new ScalingAction.Start("big", TWO, "test"),
        new ScalingAction.Start("a", ONE, "test"));
  }

  @Test
  void instances_already_stopping_neither_count_nor_stop_again() {
    ClusterStatus status = new ClusterStatus(List.of(
        instance("r1", "m", ONE, InstanceState.READY, 0, 1),
        instance("gone", "m", ONE, InstanceState.STOPPING, 0, 2)), 16);

    assertThat(Reconciler.actions(ScalingDecision.of(target("m", 1, ONE)), status)).isEmpty();
    assertThat(Reconciler.actions(ScalingDecision.of(target("m", 2, ONE)), status))
        .containsExactly(new ScalingAction.Start("m", ONE, "test"));
  }
}
