package dev.cortado.control.planning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * An inference pipeline to provision (FA2): stages forming a DAG, one end-to-end SLO, one arrival
 * rate every stage sees. A request's end-to-end latency is the longest path through the DAG of its
 * stages' delays; every stage must sustain the arrival rate.
 *
 * @param stages the stages; names unique
 * @param dependencies the DAG's edges, between named stages, without cycles
 * @param sloMs the end-to-end latency every request must meet
 * @param ratePerSecond the arrival rate λ, > 0
 */
public record PipelineProblem(List<Stage> stages, List<Dependency> dependencies, double sloMs, double ratePerSecond) {
  public PipelineProblem {
    stages = List.copyOf(stages);
    dependencies = List.copyOf(new LinkedHashSet<>(dependencies));
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one stage");
    }
    if (!(sloMs > 0) || !Double.isFinite(sloMs)) {
      throw new IllegalArgumentException("sloMs = " + sloMs + ", must be a finite number > 0");
    }
    if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond = " + ratePerSecond + ", must be a finite number > 0");
    }
    Set<String> names = new HashSet<>();
    for (Stage s : stages) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("two stages named " + s.name() + ": names must be unique");
      }
    }
    for (Dependency d : dependencies) {
      if (!names.contains(d.from()) || !names.contains(d.to()) || d.from().equals(d.to())) {
        throw new IllegalArgumentException("dependency " + d.from() + " -> " + d.to()
            + " must join two different stages of the pipeline");
      }
    }
    if (order(stages, dependencies).size() < stages.size()) {
      throw new IllegalArgumentException("the pipeline's dependencies form a cycle");
    }
  }

  /** Stages one after another, in list order. */
  public static PipelineProblem chain(List<Stage> stages, double sloMs, double ratePerSecond) {
    List<Dependency> edges = new ArrayList<>();
    for (int i = 1; i < stages.size(); i++) {
      edges.add(new Dependency(stages.get(i - 1).name(), stages.get(i).name()));
    }
    return new PipelineProblem(stages, edges, sloMs, ratePerSecond);
  }

  public List<String> predecessors(String stage) {
    return dependencies.stream().filter(d -> d.to().equals(stage)).map(Dependency::from).toList();
  }

  public List<String> successors(String stage) {
    return dependencies.stream().filter(d -> d.from().equals(stage)).map(Dependency::to).toList();
  }

  /** Stage names, every stage after all its predecessors. */
  public List<String> topologicalOrder() {
    return order(stages, dependencies);
  }

  /** The longest path through the DAG (the critical path) when each stage takes {@code delayMs}. */
  public double longestPathMs(ToDoubleFunction<String> delayMs) {
    Map<String, Double> finish = new HashMap<>();
    double longest = 0;
    for (String s : topologicalOrder()) {
      double start = predecessors(s).stream().mapToDouble(finish::get).max().orElse(0);
      double end = start + delayMs.applyAsDouble(s);
      finish.put(s, end);
      longest = Math.max(longest, end);
    }
    return longest;
  }

  private static List<String> order(List<Stage> stages, List<Dependency> dependencies) {
    Map<String, Integer> indegree = new HashMap<>();
    stages.forEach(s -> indegree.put(s.name(), 0));
    dependencies.forEach(d -> indegree.merge(d.to(), 1, Integer::sum));
    Deque<String> ready = new ArrayDeque<>();
    stages.stream().map(Stage::name).filter(s -> indegree.get(s) == 0).forEach(ready::add);
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String s = ready.poll();
      order.add(s);
      for (Dependency d : dependencies) {
        if (d.from().equals(s) && indegree.merge(d.to(), -1, Integer::sum) == 0) {
          ready.add(d.to());
        }
      }
    }
    return order;
  }
}
