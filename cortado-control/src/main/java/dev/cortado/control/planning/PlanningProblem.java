package dev.cortado.control.planning;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.profile.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to plan for: the demand (request classes), what may serve it (variants, each with a profile
 * per instance size), what instances cost, what the cluster holds, and how much spare capacity to keep.
 *
 * @param classes the demand; names unique
 * @param variants what may serve it; names unique
 * @param prices what an instance costs per second (cores and memory, {@link CostModel})
 * @param budget the cores and memory all instances together may take
 * @param headroom capacity kept per unit of demand, at least 1 (1.2: capacity ≥ 1.2 × demand)
 * @param maxBatch the largest batch cap any variant may run with
 */
public record PlanningProblem(
    List<RequestClass> classes, List<PlanningVariant> variants, CostModel prices, Budget budget, double headroom, int maxBatch) {

  public PlanningProblem {
    classes = List.copyOf(classes);
    variants = List.copyOf(variants);
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(budget, "budget");
    if (!(headroom >= 1) || !Double.isFinite(headroom)) {
      throw new IllegalArgumentException("headroom = " + headroom + ", must be a finite number >= 1");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch = " + maxBatch + ", must be at least 1");
    }
    requireUnique("classes", classes.stream().map(RequestClass::name).toList());
    requireUnique("variants", variants.stream().map(PlanningVariant::name).toList());
  }

  /** The batch caps a planner chooses from: the powers of two below {@code maxBatch}, and {@code maxBatch}. */
  public List<Integer> batchSizes() {
    List<Integer> sizes = new ArrayList<>();
    for (int b = 1; b < maxBatch; b *= 2) {
      sizes.add(b);
    }
    sizes.add(maxBatch);
    return List.copyOf(sizes);
  }

  /** Every (variant, size, batch cap) in the order of variants, then profiles, then batch sizes. */
  public List<ServingOption> options() {
    List<ServingOption> options = new ArrayList<>();
    for (PlanningVariant v : variants) {
      for (Profile p : v.profiles()) {
        for (int b : batchSizes()) {
          options.add(new ServingOption(v, p, b));
        }
      }
    }
    return options;
  }

  public Optional<RequestClass> requestClass(String name) {
    return classes.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<PlanningVariant> variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  private static void requireUnique(String plural, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new IllegalArgumentException("two " + plural + " named " + n + ": names must be unique");
      }
    }
  }
}
