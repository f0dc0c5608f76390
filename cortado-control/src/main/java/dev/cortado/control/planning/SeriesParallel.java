package dev.cortado.control.planning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decomposes a pipeline's DAG into an {@link SpTree}, when it is series-parallel. Each stage becomes
 * an edge {@code in(s) → out(s)}; each dependency an empty edge {@code out(u) → in(w)}; a source S
 * feeds every first stage and every last stage feeds a sink T. A complete bipartite join (every stage
 * of a group feeding every stage of another, and nothing else) goes through one empty hub node, as a
 * fan-in followed by a fan-out. Then the two classic reductions run until nothing changes: two edges
 * with the same ends become one parallel edge, and a node with one edge in and one out disappears into
 * a series edge. A single edge S → T left means series-parallel; anything else (the "N" graph) is not.
 */
final class SeriesParallel {
  private static final int SOURCE = 0;
  private static final int SINK = 1;

  private SeriesParallel() {}

  private record Edge(int from, int to, SpTree tree) {}

  static Optional<SpTree> decompose(PipelineProblem problem) {
    List<Edge> edges = initialEdges(problem);
    boolean changed = true;
    while (changed) {
      changed = mergeParallel(edges) || mergeSeries(edges);
    }
    if (edges.size() == 1 && edges.getFirst().from() == SOURCE && edges.getFirst().to() == SINK) {
      return Optional.of(edges.getFirst().tree());
    }
    return Optional.empty();
  }

  private static List<Edge> initialEdges(PipelineProblem problem) {
    List<Stage> stages = problem.stages();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < stages.size(); i++) {
      index.put(stages.get(i).name(), i);
    }
    List<Edge> edges = new ArrayList<>();
    Set<Dependency> viaHub = new HashSet<>();
    int nextNode = 2 + 2 * stages.size();
    for (Stage u : stages) {
      Set<String> targets = Set.copyOf(problem.successors(u.name()));
      Set<String> group = groupFeeding(problem, targets);
      if (targets.size() < 2 || group.size() < 2 || viaHub.contains(new Dependency(u.name(), targets.iterator().next()))) {
        continue;
      }
      int hub = nextNode++;
      for (String g : group) {
        edges.add(new Edge(out(index.get(g)), hub, new SpTree.Empty()));
        targets.forEach(w -> viaHub.add(new Dependency(g, w)));
      }
      targets.forEach(w -> edges.add(new Edge(hub, in(index.get(w)), new SpTree.Empty())));
    }
    for (int i = 0; i < stages.size(); i++) {
      String s = stages.get(i).name();
      edges.add(new Edge(in(i), out(i), new SpTree.Leaf(i)));
      if (problem.predecessors(s).isEmpty()) {
        edges.add(new Edge(SOURCE, in(i), new SpTree.Empty()));
      }
      if (problem.successors(s).isEmpty()) {
        edges.add(new Edge(out(i), SINK, new SpTree.Empty()));
      }
    }
    for (Dependency d : problem.dependencies()) {
      if (!viaHub.contains(d)) {
        edges.add(new Edge(out(index.get(d.from())), in(index.get(d.to())), new SpTree.Empty()));
      }
    }
    return edges;
  }

  /**
   * The stages whose successors are exactly {@code targets}, when every target's predecessors are
   * exactly those stages (a complete bipartite join); else the empty set.
   */
  private static Set<String> groupFeeding(PipelineProblem problem, Set<String> targets) {
    Set<String> group = new HashSet<>();
    for (Stage s : problem.stages()) {
      if (Set.copyOf(problem.successors(s.name())).equals(targets)) {
        group.add(s.name());
      }
    }
    for (String w : targets) {
      if (!Set.copyOf(problem.predecessors(w)).equals(group)) {
        return Set.of();
      }
    }
    return group;
  }

  private static boolean mergeParallel(List<Edge> edges) {
    for (int i = 0; i < edges.size(); i++) {
      for (int j = i + 1; j < edges.size(); j++) {
        Edge a = edges.get(i);
        Edge b = edges.get(j);
        if (a.from() == b.from() && a.to() == b.to()) {
          edges.set(i, new Edge(a.from(), a.to(), SpTree.parallel(a.tree(), b.tree())));
          edges.remove(j);
          return true;
        }
      }
    }
    return false;
  }

  private static boolean mergeSeries(List<Edge> edges) {
    Map<Integer, List<Edge>> into = new HashMap<>();
    Map<Integer, List<Edge>> outOf = new HashMap<>();
    for (Edge e : edges) {
      into.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
      outOf.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<Integer, List<Edge>> node : into.entrySet()) {
      int v = node.getKey();
      List<Edge> outs = outOf.getOrDefault(v, List.of());
      if (v != SOURCE && v != SINK && node.getValue().size() == 1 && outs.size() == 1) {
        Edge first = node.getValue().getFirst();
        Edge second = outs.getFirst();
        edges.remove(first);
        edges.remove(second);
        edges.add(new Edge(first.from(), second.to(), SpTree.series(first.tree(), second.tree())));
        return true;
      }
    }
    return false;
  }

  private static int in(int stage) {
    return 2 + 2 * stage;
  }

  private static int out(int stage) {
    return 3 + 2 * stage;
  }
}
