package dev.cortado.control.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison policy: each class, tightest SLO first, goes whole to the option (variant, size,
 * batch cap) with the lowest price per request per second that serves it and stays consistent with
 * the choices before it (a variant keeps one batch cap, and every class it serves meets its SLO on
 * every size it runs at); instances are then the ceiling of the demand with headroom over one
 * instance's throughput. No budget awareness beyond a final check: over budget, it gives up
 * ({@link SolveStatus#INFEASIBLE}).
 */
public final class GreedyPlanner implements Planner {

  @Override
  public Plan plan(PlanningProblem problem) {
    List<RequestClass> classes = new ArrayList<>(problem.classes());
    classes.sort(Comparator.comparingDouble(RequestClass::sloMs).thenComparing(RequestClass::name));
    List<ServingOption> options = problem.options();
    Map<String, List<RequestClass>> servedBy = new HashMap<>();
    Map<ServingOption, Double> load = new LinkedHashMap<>();
    List<Route> routes = new ArrayList<>();
    for (RequestClass c : classes) {
      if (c.ratePerSecond() == 0) {
        continue;
      }
      Optional<ServingOption> best = options.stream()
          .filter(o -> o.serves(c) && consistent(o, c, servedBy, load))
          .min(Comparator.comparingDouble(o -> o.pricePerSecond(problem.prices()) / o.throughputPerSecond()));
      if (best.isEmpty()) {
        return Plan.empty(SolveReport.heuristic(SolveStatus.INFEASIBLE));
      }
      ServingOption o = best.orElseThrow();
      servedBy.computeIfAbsent(o.variant().name(), k -> new ArrayList<>()).add(c);
      load.merge(o, c.ratePerSecond(), Double::sum);
      routes.add(new Route(c.name(), o.variant().name(), c.ratePerSecond()));
    }
    return toPlan(problem, load, routes);
  }

  /**
   * Whether putting class {@code c} on option {@code o} keeps the variant's batch cap single and every
   * class on the variant within its SLO on every size the variant runs at.
   */
  private static boolean consistent(
      ServingOption o, RequestClass c, Map<String, List<RequestClass>> servedBy, Map<ServingOption, Double> load) {
    for (ServingOption used : load.keySet()) {
      if (!used.variant().equals(o.variant())) {
        continue;
      }
      if (used.batch() != o.batch() || !used.meetsSlo(c)) {
        return false;
      }
    }
    return servedBy.getOrDefault(o.variant().name(), List.of()).stream().allMatch(o::meetsSlo);
  }

  private static Plan toPlan(PlanningProblem problem, Map<ServingOption, Double> load, List<Route> routes) {
    List<Allocation> allocations = new ArrayList<>();
    Map<String, Integer> caps = new HashMap<>();
    long cores = 0;
    long memory = 0;
    double cost = 0;
    for (Map.Entry<ServingOption, Double> e : load.entrySet()) {
      ServingOption o = e.getKey();
      int n = (int) Math.ceil(e.getValue() * problem.headroom() / o.throughputPerSecond() - 1e-9);
      allocations.add(new Allocation(o.variant().name(), o.size(), n));
      caps.put(o.variant().name(), o.batch());
      cores += (long) n * o.threads();
      memory += n * o.memoryBytes();
      cost += n * o.pricePerSecond(problem.prices()) * 3600;
    }
    if (cores > problem.budget().cores() || memory > problem.budget().memoryBytes()) {
      return Plan.empty(SolveReport.heuristic(SolveStatus.INFEASIBLE));
    }
    return new Plan(allocations, caps, routes, cost, SolveReport.heuristic(SolveStatus.FEASIBLE));
  }
}
