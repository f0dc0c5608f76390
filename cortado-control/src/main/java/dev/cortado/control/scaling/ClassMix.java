package dev.cortado.control.scaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request classes a setup serves and what each variant may serve: what the planner-driven
 * policy ({@link PlannedScaling}) plans for. Unknown (empty) where only variants are seen, as in a
 * live server: the policy then plans each variant as a class of its own, for its own load.
 *
 * @param classes each class with its share of all arrivals (the shares need not add up to 1)
 * @param variants per variant, its task and accuracy
 */
public record ClassMix(List<ClassShare> classes, Map<String, VariantFacts> variants) {
  public ClassMix {
    classes = List.copyOf(classes);
    variants = Collections.unmodifiableMap(new LinkedHashMap<>(variants));
    if (!classes.isEmpty() && (variants.isEmpty() || !(classes.stream().mapToDouble(ClassShare::share).sum() > 0))) {
      throw new IllegalArgumentException("classes need the variants' tasks and accuracies, and shares that add up to more than 0");
    }
  }

  /** No classes known. */
  public static ClassMix unknown() {
    return new ClassMix(List.of(), Map.of());
  }

  public boolean isKnown() {
    return !classes.isEmpty();
  }

  /** The sum of the classes' shares. */
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
