package dev.cortado.sim.cluster;

import dev.cortado.core.cluster.Cluster;
import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.error.CortadoException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Cluster} of the simulated world: one {@link VariantPool} per variant, a core budget
 * that starts are checked against, and the {@link Machine} whose cores busy instances share. The
 * control loop drives it through the same SPI as the {@code LocalCluster}.
 */
public final class SimulatedCluster implements Cluster {
  private final Map<String, VariantPool> pools = new LinkedHashMap<>();
  private final int coreBudget;

  public SimulatedCluster(Collection<VariantPool> pools, int coreBudget) {
    if (coreBudget < 1) {
      throw new IllegalArgumentException("coreBudget = " + coreBudget + ", must be at least 1");
    }
    for (VariantPool p : pools) {
      if (this.pools.put(p.variant(), p) != null) {
        throw new IllegalArgumentException("variant " + p.variant() + " has two pools");
      }
    }
    this.coreBudget = coreBudget;
  }

  public VariantPool pool(String variant) {
    VariantPool p = pools.get(variant);
    if (p == null) {
      throw CortadoException.notFound("variant '%s' is not in the simulated cluster (it has %s)", variant, pools.keySet());
    }
    return p;
  }

  public Collection<VariantPool> pools() {
    return pools.values();
  }

  public int coreBudget() {
    return coreBudget;
  }

  @Override
  public ClusterStatus status() {
    List<InstanceStatus> all = new ArrayList<>();
    for (VariantPool p : pools.values()) {
      p.describe(all);
    }
    return new ClusterStatus(all, coreBudget);
  }

  /**
   * Everything a selection context built from {@link #status()} depends on, as numbers: per pool,
   * in order, its READY and STARTING instances and the requests outstanding on them
   * ({@link VariantPool#load}), then the free cores. Equal keys mean equal contexts; computing one
   * builds no status.
   *
   * @param into at least {@link #selectionKeyLength()} long
   */
  public void selectionKey(int[] into) {
    int at = 0;
    for (VariantPool p : pools.values()) {
      at = p.load(into, at);
    }
    into[at] = Math.max(0, coreBudget - coresInUse());
  }

  public int selectionKeyLength() {
    return 3 * pools.size() + 1;
  }

  /** Cores held by instances starting or ready. */
  public int coresInUse() {
    int n = 0;
    for (VariantPool p : pools.values()) {
      n += p.threadsHeld();
    }
    return n;
  }

  /**
   * Applies the actions in order. A start that would exceed the core budget is refused with
   * RESOURCE_EXHAUSTED after the actions before it have been applied.
   */
  @Override
  public void apply(List<ScalingAction> actions) {
    Objects.requireNonNull(actions, "actions");
    for (ScalingAction a : actions) {
      switch (a) {
        case ScalingAction.Start s -> {
          int free = coreBudget - coresInUse();
          if (s.size().threads() > free) {
            throw CortadoException.resourceExhausted("starting %s with %d threads exceeds the core budget: %d of %d cores free",
                s.variant(), s.size().threads(), free, coreBudget);
          }
          pool(s.variant()).start(s.size());
        }
        case ScalingAction.Stop s -> {
          if (!owner(s.instanceId()).stop(s.instanceId())) {
            throw CortadoException.notFound("no instance '%s' to stop", s.instanceId());
          }
        }
        case ScalingAction.Resize r -> {
          if (!owner(r.instanceId()).resize(r.instanceId(), r.size())) {
            throw CortadoException.notFound("no live instance '%s' to resize", r.instanceId());
          }
        }
      }
    }
  }

  private VariantPool owner(String instanceId) {
    for (VariantPool p : pools.values()) {
      if (instanceId.startsWith(p.variant() + "-")) {
        String rest = instanceId.substring(p.variant().length() + 1);
        if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) {
          return p;
        }
      }
    }
    throw CortadoException.notFound("no instance '%s' in the simulated cluster", instanceId);
  }

  /** Instances in {@code state}, over every variant. */
  public int count(InstanceState state) {
    int n = 0;
    for (VariantPool p : pools.values()) {
      n += p.count(state);
    }
    return n;
  }
}
