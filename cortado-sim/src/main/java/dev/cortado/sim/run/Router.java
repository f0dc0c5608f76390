package dev.cortado.sim.run;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.selection.Candidate;
import dev.cortado.control.selection.Query;
import dev.cortado.control.selection.Selection;
import dev.cortado.control.selection.SelectionContext;
import dev.cortado.control.selection.VariantSelector;
import dev.cortado.sim.cluster.SimulatedCluster;
import dev.cortado.sim.engine.EventLoop;
import dev.cortado.sim.scenario.RequestClass;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Model-less routing in the simulated world: the server's {@link VariantSelector} picks a variant per
 * class from the cluster's status, as the server's task router does per request; the choice is kept
 * for {@code refreshNanos} of simulated time (re-asking per request would cost the simulator more
 * than the rest of a request's life). A query the current load cannot serve goes to the class's
 * cheapest variant that meets its floor when idle, whose admission then refuses or queues it (so a
 * scaling policy still sees the demand); a query no variant can ever meet is refused.
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

  /** The variant a request of class {@code index} goes to now, or {@link #INFEASIBLE}. */
  String route(int index) {
    long now = loop.now();
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

  /** The variant class {@code index} goes to when everything is idle: its cheapest that meets its floor; null when none. */
  String preferred(int index) {
    return fallback[index];
  }
}
