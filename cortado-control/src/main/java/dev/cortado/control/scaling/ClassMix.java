package dev.cortado.control.scaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request classes a setup serves and what each variant may serve: what the planner-driven
 * policy ({@link PlannedScaling}) plans for and Cortado's autoscaler consolidates. A simulator's
 * scenario names its classes; a live server learns them from the task queries it routes, and
 * counts the requests that may not move (they named a model, or a cost ceiling) as {@code direct}.
 * Unknown (no classes) where only variants are seen: each variant is then a class of its own.
 *
 * @param classes each class with its share of all arrivals (the shares need not add up to 1)
 * @param variants per variant, its task and accuracy
 * @param direct per variant, the share of all arrivals that must be served there and nowhere else
 */
public record ClassMix(List<ClassShare> classes, Map<String, VariantFacts> variants, Map<String, Double> direct) {
  public ClassMix {
    classes = List.copyOf(classes);
    variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    direct = Collections.unmodifiableMap(new LinkedHashMap<>(direct));
    double total = classes.stream().mapToDouble(ClassShare::share).sum() + direct.values().stream().mapToDouble(d -> d).sum();
    if (!classes.isEmpty() && (variants.isEmpty() || !(total > 0))) {
      throw new IllegalArgumentException("classes need the variants' tasks and accuracies, and shares that add up to more than 0");
    }
    direct.forEach((v, share) -> {
      if (!(share >= 0)) {
        throw new IllegalArgumentException("direct share of " + v + " = " + share + ", must be >= 0");
      }
    });
  }

  /** Classes that all may move, with no requests bound to one variant. */
  public ClassMix(List<ClassShare> classes, Map<String, VariantFacts> variants) {
    this(classes, variants, Map.of());
  }

  /** No classes known. */
  public static ClassMix unknown() {
    return new ClassMix(List.of(), Map.of());
  }

  public boolean isKnown() {
    return !classes.isEmpty();
  }

  /** The sum of the classes' shares (not counting the direct ones). */
  double totalShare() {
    return classes.stream().mapToDouble(ClassShare::share).sum();
  }

  /**
   * One request class.
   *
   * @param name unique among the classes
   * @param task the task its requests name
   * @param sloMs its latency objective
   * @param accuracyFloor the least accuracy a variant serving it may have
   * @param share its share of the arrivals, >= 0
   */
  public record ClassShare(String name, String task, double sloMs, double accuracyFloor, double share) {
    public ClassShare {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(task, "task");
      if (!(sloMs > 0) || !(share >= 0) || !(accuracyFloor >= 0 && accuracyFloor <= 1)) {
        throw new IllegalArgumentException("class " + name + ": sloMs " + sloMs + " must be > 0, share " + share
            + " >= 0, accuracyFloor " + accuracyFloor + " in [0, 1]");
      }
    }
  }

  /** What a variant serves: its task, at its accuracy. */
  public record VariantFacts(String task, double accuracy) {
    public VariantFacts {
      Objects.requireNonNull(task, "task");
      if (!(accuracy >= 0 && accuracy <= 1)) {
        throw new IllegalArgumentException("accuracy " + accuracy + " must be in [0, 1]");
      }
    }
  }
}
