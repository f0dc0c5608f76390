package dev.cortado.control.planning;

import dev.cortado.core.profile.Profile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Re-checks a plan against every constraint of its problem, from the problem's records alone (no
 * solver, no planner state), so a planner's answer is never trusted on its own word. Rates and
 * capacities compare with a relative tolerance of {@value #TOLERANCE}, a solver's feasibility
 * tolerance.
 */
final class PlanCheck {
  static final double TOLERANCE = 1e-6;

  private PlanCheck() {}

  static List<String> violations(PlanningProblem problem, Plan plan) {
    List<String> out = new ArrayList<>();
    Map<String, List<ServingOption>> deployed = deployed(problem, plan, out);
    checkRoutes(problem, plan, deployed, out);
    checkCapacity(problem, plan, deployed, out);
    checkBudgetsAndCost(problem, plan, deployed, out);
    return out;
  }

  /** Per variant, the options its instances run (size and the variant's batch cap), one per allocation. */
  private static Map<String, List<ServingOption>> deployed(PlanningProblem problem, Plan plan, List<String> out) {
    Map<String, List<ServingOption>> deployed = new HashMap<>();
    Set<Allocation> seen = new HashSet<>();
    plan.batchCaps().forEach((variant, cap) -> {
      if (problem.variant(variant).isEmpty()) {
        out.add("batch cap for unknown variant " + variant);
      }
      if (cap < 1 || cap > problem.maxBatch()) {
        out.add("batch cap of " + variant + " = " + cap + ", must be in [1, " + problem.maxBatch() + "]");
      }
    });
    for (Allocation a : plan.allocations()) {
      Optional<PlanningVariant> variant = problem.variant(a.variant());
      Optional<Profile> profile = variant.flatMap(v -> v.profile(a.size()));
      Integer cap = plan.batchCaps().get(a.variant());
      if (!seen.add(new Allocation(a.variant(), a.size(), 0))) {
        out.add("allocation of " + a.variant() + " at " + a.size() + " listed twice");
      } else if (profile.isEmpty()) {
        out.add("allocation of " + a.variant() + " at " + a.size() + ": no such variant or no profile at that size");
      } else if (cap == null) {
        out.add("allocation of " + a.variant() + " but no batch cap for it");
      } else if (a.instances() > 0) {
        deployed.computeIfAbsent(a.variant(), k -> new ArrayList<>())
            .add(new ServingOption(variant.orElseThrow(), profile.orElseThrow(), cap));
      }
    }
    return deployed;
  }

  private static void checkRoutes(
      PlanningProblem problem, Plan plan, Map<String, List<ServingOption>> deployed, List<String> out) {
    Map<String, Double> served = new HashMap<>();
    for (Route r : plan.routes()) {
      Optional<RequestClass> c = problem.requestClass(r.requestClass());
      Optional<PlanningVariant> v = problem.variant(r.variant());
      if (c.isEmpty() || v.isEmpty()) {
        out.add("route " + r + " names an unknown class or variant");
        continue;
      }
      served.merge(r.requestClass(), r.ratePerSecond(), Double::sum);
      if (r.ratePerSecond() < -TOLERANCE) {
        out.add("route " + r + " has a negative rate");
      }
      if (r.ratePerSecond() <= TOLERANCE) {
        continue;
      }
      if (!v.orElseThrow().eligibleFor(c.orElseThrow())) {
        out.add("class " + r.requestClass() + " routed to " + r.variant() + ", of another task or below its accuracy floor");
      }
      for (ServingOption o : deployed.getOrDefault(r.variant(), List.of())) {
        if (!o.meetsSlo(c.orElseThrow())) {
          out.add("class " + r.requestClass() + " (SLO " + c.orElseThrow().sloMs() + " ms) routed to " + r.variant()
              + " whose instances at " + o.size() + " batching " + o.batch() + " answer in " + o.latencyBoundMs() + " ms");
        }
      }
    }
    for (RequestClass c : problem.classes()) {
      double sum = served.getOrDefault(c.name(), 0.0);
      if (Math.abs(sum - c.ratePerSecond()) > TOLERANCE * Math.max(1, c.ratePerSecond())) {
        out.add("class " + c.name() + " has " + c.ratePerSecond() + " req/s but its routes carry " + sum);
      }
    }
  }

  private static void checkCapacity(
      PlanningProblem problem, Plan plan, Map<String, List<ServingOption>> deployed, List<String> out) {
    Map<String, Double> demand = new HashMap<>();
    for (Route r : plan.routes()) {
      demand.merge(r.variant(), r.ratePerSecond(), Double::sum);
    }
    demand.forEach((variant, rate) -> {
      double capacity = 0;
      for (ServingOption o : deployed.getOrDefault(variant, List.of())) {
        capacity += plan.instances(variant, o.size()) * o.throughputPerSecond();
      }
      double needed = rate * problem.headroom();
      if (needed > capacity * (1 + TOLERANCE) + TOLERANCE) {
        out.add(variant + " carries " + rate + " req/s; with headroom " + problem.headroom() + " it needs " + needed
            + " req/s of capacity, its instances give " + capacity);
      }
    });
  }

  private static void checkBudgetsAndCost(
      PlanningProblem problem, Plan plan, Map<String, List<ServingOption>> deployed, List<String> out) {
    long cores = 0;
    long memory = 0;
    double cost = 0;
    for (List<ServingOption> options : deployed.values()) {
      for (ServingOption o : options) {
        int n = plan.instances(o.variant().name(), o.size());
        cores += (long) n * o.threads();
        memory += n * o.memoryBytes();
        cost += n * o.pricePerSecond(problem.prices()) * 3600;
      }
    }
    if (cores > problem.budget().cores()) {
      out.add("plan takes " + cores + " cores, budget is " + problem.budget().cores());
    }
    if (memory > problem.budget().memoryBytes()) {
      out.add("plan holds " + memory + " bytes, budget is " + problem.budget().memoryBytes());
    }
    if (Math.abs(cost - plan.costPerHour()) > TOLERANCE * Math.max(1e-9, cost)) {
      out.add("plan says it costs " + plan.costPerHour() + " per hour, its instances cost " + cost);
    }
  }
}
