package dev.cortado.control.scaling;

import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.cluster.ScalingAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a {@link ScalingDecision} into the actions that move a cluster from its status to the
 * targets: stops first (instances still starting before ready ones, then the ready ones with the
 * least outstanding work, newest first), then resizes of instances at another size, then starts, as
 * many as the core budget has room for once the stops are counted.
 */
public final class Reconciler {
  private static final Comparator<InstanceStatus> STOP_ORDER = Comparator
      .comparing((InstanceStatus i) -> i.state() == InstanceState.STARTING ? 0 : 1)
      .thenComparingInt(InstanceStatus::outstanding)
      .thenComparing(InstanceStatus::since, Comparator.reverseOrder())
      .thenComparing(InstanceStatus::id);

  private Reconciler() {}

  public static List<ScalingAction> actions(ScalingDecision decision, ClusterStatus status) {
    List<ScalingAction> stops = new ArrayList<>();
    List<ScalingAction> resizes = new ArrayList<>();
    List<ScalingAction> starts = new ArrayList<>();
    int coresFree = status.coresFree();
    for (ScalingDecision.Target target : decision.targets()) {
      List<InstanceStatus> live = status.of(target.variant()).stream()
          .filter(i -> i.state() != InstanceState.STOPPING)
          .sorted(STOP_ORDER)
          .toList();
      int excess = live.size() - target.instances();
      for (int k = 0; k < excess; k++) {
        stops.add(new ScalingAction.Stop(live.get(k).id(), target.reason()));
        coresFree += live.get(k).size().threads();
      }
      for (InstanceStatus kept : live.subList(Math.max(0, excess), live.size())) {
        if (!kept.size().equals(target.size())) {
          resizes.add(new ScalingAction.Resize(kept.id(), target.size(), target.reason()));
          coresFree += kept.size().threads() - target.size().threads();
        }
      }
    }
    for (ScalingDecision.Target target : decision.targets()) {
      long live = status.of(target.variant()).stream().filter(i -> i.state() != InstanceState.STOPPING).count();
      for (long k = live; k < target.instances() && coresFree >= target.size().threads(); k++) {
        starts.add(new ScalingAction.Start(target.variant(), target.size(), target.reason()));
        coresFree -= target.size().threads();
      }
    }
    List<ScalingAction> all = new ArrayList<>(stops);
    all.addAll(resizes);
    all.addAll(starts);
    return List.copyOf(all);
  }
}
