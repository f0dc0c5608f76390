package dev.cortado.sim.run;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.scaling.RoutingPolicy;
import dev.cortado.control.selection.Candidate;
import dev.cortado.control.selection.Query;
import dev.cortado.control.selection.Selection;
import dev.cortado.control.selection.SelectionContext;
import dev.cortado.control.selection.VariantSelector;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.sim.cluster.SimulatedCluster;
import dev.cortado.sim.engine.EventLoop;
import dev.cortado.sim.scenario.RequestClass;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Model-less routing in the simulated world: the server's {@link VariantSelector} picks a variant per
 * class from the cluster's status, as the server's task router does per request; the choice is kept
 * for {@code refreshNanos} of simulated time (re-asking per request would cost the simulator more
 * than the rest of a request's life). A query the current load cannot serve goes to the class's
 * cheapest variant that meets its floor when idle, whose admission then refuses or queues it (so a
 * scaling policy still sees the demand); a query no variant can ever meet is refused.
 *
 * <p>When it {@link #follow follows} a {@link RoutingPolicy} (the planner-driven autoscaler), a class
 * the policy routes is split over the policy's variants by their shares, request by request in a
 * smooth weighted round robin (deterministic: over any run of requests each variant's count stays
 * within one of its share), among those of them with a READY instance (checked, as selections are
 * kept, every {@code refreshNanos}); a class it does not route, or whose routed variants have
 * none READY, goes to the selector as above.
 */
final class Router {
  /** What {@link #route} returns for a query no variant can meet. */
  static final String INFEASIBLE = null;

  private final EventLoop loop;
  private final VariantSelector selector;
  private final SimulatedCluster cluster;
  private final CostModel cost;
  private final List<List<Candidate>> candidates;
  private final Query[] queries;
  private final String[] fallback;
  private final String[] chosen;
  private final long[] chosenAt;
  private final long refreshNanos;
  /** Per class, the cluster's selection key ({@link SimulatedCluster#selectionKey}) when it last asked the selector. */
  private final int[][] chosenFor;
  private final int[] key;
  private final String[] classNames;
  /** The policy whose routes it follows; null: the selector alone. */
  private RoutingPolicy routing;
  private long routesVersion = Long.MIN_VALUE;
  /** Per class, the split it follows now (null: the selector's), rebuilt when the routes change or readiness is rechecked. */
  private final Split[] splits;
  private final long[] splitAt;

  Router(EventLoop loop, VariantSelector selector, SimulatedCluster cluster, CostModel cost, List<RequestClass> classes,
      List<Candidate> all, long refreshNanos) {
    this.loop = loop;
    this.selector = selector;
    this.cluster = cluster;
    this.cost = cost;
    this.refreshNanos = refreshNanos;
    int n = classes.size();
    this.candidates = classes.stream().map(c -> all.stream().filter(v -> v.task().equals(c.task())).toList()).toList();
    this.queries = new Query[n];
    this.fallback = new String[n];
    this.chosen = new String[n];
    this.chosenAt = new long[n];
    this.chosenFor = new int[n][];
    this.key = new int[cluster.selectionKeyLength()];
    this.classNames = classes.stream().map(RequestClass::name).toArray(String[]::new);
    this.splits = new Split[n];
    this.splitAt = new long[n];
    for (int i = 0; i < n; i++) {
      RequestClass c = classes.get(i);
      queries[i] = Query.forTask(c.task()).withLatencySloMs(c.sloMs()).withMinAccuracy(c.minAccuracy());
      fallback[i] = candidates.get(i).stream()
          .filter(v -> v.accuracy() >= c.minAccuracy() && v.profile().latencyMs(1, 0.5) <= c.sloMs())
          .min(Comparator.comparingDouble(v -> cost.costPerRequest(v.profile(), 1)))
          .map(Candidate::variant)
          .orElse(INFEASIBLE);
      chosenAt[i] = Long.MIN_VALUE;
    }
  }

  /** Follows {@code policy}'s routes from now on, where it gives them. */
  void follow(RoutingPolicy policy) {
    this.routing = policy;
  }

  /** The variant a request of class {@code index} goes to now, or {@link #INFEASIBLE}. */
  String route(int index) {
    long now = loop.now();
    if (routing != null) {
      Split split = split(index, now);
      if (split != null) {
        return split.next();
      }
    }
    if (now - chosenAt[index] < refreshNanos && chosenAt[index] != Long.MIN_VALUE) {
      return chosen[index];
    }
    chosenAt[index] = now;
    chosen[index] = select(index);
    return chosen[index];
  }

  /*
   * A selector is a pure function of the query, the context and now, and the shipped ones (cortado,
   * infaas) do not read now: a class whose context has not changed since its last selection gets
   * the same answer, and at low load (most of a long trace) it rarely has. So the selector is asked
   * only when the cluster's selection key changed; building the context and selecting would
   * otherwise cost more than the requests routed meanwhile. RouterTest checks the shipped
   * selectors' indifference to now.
   */
  private String select(int index) {
    if (fallback[index] == null) {
      return INFEASIBLE;
    }
    cluster.selectionKey(key);
    if (Arrays.equals(key, chosenFor[index])) {
      return chosen[index];
    }
    chosenFor[index] = key.clone();
    Selection s = selector.select(queries[index], SelectionContext.of(candidates.get(index), cluster.status(), cost), loop.instant());
    return switch (s) {
      case Selection.Chosen c -> c.variant();
      case Selection.ColdStart c -> c.variant();
      case Selection.Overloaded o -> fallback[index];
      case Selection.Infeasible i -> INFEASIBLE;
    };
  }

  /** Class {@code index}'s split among its routed variants that have a READY instance; null when there is none to follow. */
  private Split split(int index, long now) {
    long version = routing.routesVersion();
    if (version != routesVersion) {
      routesVersion = version;
      java.util.Arrays.fill(splitAt, Long.MIN_VALUE);
    }
    if (splitAt[index] != Long.MIN_VALUE && now - splitAt[index] < refreshNanos) {
      return splits[index];
    }
    splitAt[index] = now;
    Map<String, Double> shares = routing.routes().get(classNames[index]);
    Split next = null;
    if (shares != null) {
      List<Map.Entry<String, Double>> ready = shares.entrySet().stream()
          .filter(e -> e.getValue() > 0 && cluster.pool(e.getKey()).count(InstanceState.READY) > 0)
          .toList();
      if (!ready.isEmpty()) {
        next = splits[index] != null && splits[index].sameAs(ready) ? splits[index] : new Split(ready);
      }
    }
    splits[index] = next;
    return next;
  }

  /** A smooth weighted round robin over variants (nginx's): each pick adds every weight, takes the largest, lowers it by the total. */
  static final class Split {
    private final String[] variants;
    private final double[] weights;
    private final double[] current;
    private final double total;

    Split(List<Map.Entry<String, Double>> shares) {
      variants = shares.stream().map(Map.Entry::getKey).toArray(String[]::new);
      weights = shares.stream().mapToDouble(Map.Entry::getValue).toArray();
      current = new double[variants.length];
      total = java.util.Arrays.stream(weights).sum();
    }

    String next() {
      int best = 0;
      for (int i = 0; i < variants.length; i++) {
        current[i] += weights[i];
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      return variants[best];
    }

    boolean sameAs(List<Map.Entry<String, Double>> shares) {
      if (shares.size() != variants.length) {
        return false;
      }
      for (int i = 0; i < variants.length; i++) {
        if (!shares.get(i).getKey().equals(variants[i]) || shares.get(i).getValue() != weights[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** The variant class {@code index} goes to when everything is idle: its cheapest that meets its floor; null when none. */
  String preferred(int index) {
    return fallback[index];
  }
}
