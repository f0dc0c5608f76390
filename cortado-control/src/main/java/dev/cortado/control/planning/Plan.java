package dev.cortado.control.planning;

import dev.cortado.core.model.InstanceSize;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A planner's decision: how many instances of each variant at each size, each deployed variant's batch
 * cap, and how each class's traffic is split over variants.
 *
 * @param allocations instances per (variant, size); a pair absent has none
 * @param batchCaps per deployed variant, the largest batch its instances run
 * @param routes per (class, variant), the traffic sent there; they add up to each class's rate
 * @param costPerHour what the instances cost per hour they are held
 * @param report status, gap and solve time
 */
public record Plan(
    List<Allocation> allocations, Map<String, Integer> batchCaps, List<Route> routes, double costPerHour, SolveReport report) {

  public Plan {
    allocations = List.copyOf(allocations);
    batchCaps = Map.copyOf(batchCaps);
    routes = List.copyOf(routes);
    Objects.requireNonNull(report, "report");
  }

  /** No plan: nothing deployed, nothing routed. */
  public static Plan empty(SolveReport report) {
    return new Plan(List.of(), Map.of(), List.of(), 0, report);
  }

  public SolveStatus status() {
    return report.status();
  }

  public int instances(String variant, InstanceSize size) {
    return allocations.stream()
        .filter(a -> a.variant().equals(variant) && a.size().equals(size))
        .mapToInt(Allocation::instances)
        .sum();
  }

  /** Traffic of the class sent to the variant, requests per second. */
  public double rate(String requestClass, String variant) {
    return routes.stream()
        .filter(r -> r.requestClass().equals(requestClass) && r.variant().equals(variant))
        .mapToDouble(Route::ratePerSecond)
        .sum();
  }

  public int cores() {
    return allocations.stream().mapToInt(a -> a.instances() * a.size().threads()).sum();
  }

  /** Every constraint of the problem this plan breaks, re-checked without the solver (empty: feasible). */
  public List<String> violations(PlanningProblem problem) {
    return PlanCheck.violations(problem, this);
  }
}
