package dev.cortado.control.selection;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.cluster.ClusterStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a selector sees: the variants it may choose from, the load each carries now, the prices, and
 * the cores free for a cold start.
 *
 * @param candidates every variant that may serve (of any task; the query's task filters them), one
 *     entry per variant
 * @param loads the load per variant name; a variant absent from it is not running
 * @param cost the prices that rank variants and check cost ceilings
 * @param freeCores cores not held by any instance, that a new instance may take
 */
public record SelectionContext(List<Candidate> candidates, Map<String, VariantLoad> loads, CostModel cost, int freeCores) {
  public SelectionContext {
    candidates = List.copyOf(candidates);
    loads = Map.copyOf(loads);
    Objects.requireNonNull(cost, "cost");
    if (freeCores < 0) {
      throw new IllegalArgumentException("freeCores = " + freeCores + ", must be >= 0");
    }
    Set<String> seen = new HashSet<>();
    for (Candidate c : candidates) {
      if (!seen.add(c.variant())) {
        throw new IllegalArgumentException("variant " + c.variant() + " is a candidate twice");
      }
    }
    loads.forEach((name, load) -> {
      if (!name.equals(load.variant())) {
        throw new IllegalArgumentException("load of " + load.variant() + " is filed under " + name);
      }
    });
  }

  /** The context a cluster's status gives: its loads and its free cores. */
  public static SelectionContext of(List<Candidate> candidates, ClusterStatus status, CostModel cost) {
    return new SelectionContext(candidates, VariantLoad.of(status), cost, status.coresFree());
  }

  /** The load of a variant, idle when it is not running. */
  public VariantLoad loadOf(String variant) {
    VariantLoad load = loads.get(variant);
    return load != null ? load : VariantLoad.idle(variant);
  }
}
