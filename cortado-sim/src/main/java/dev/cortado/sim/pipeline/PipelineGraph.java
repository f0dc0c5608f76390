package dev.cortado.sim.pipeline;

import dev.cortado.control.planning.Dependency;
import dev.cortado.sim.scenario.ScenarioException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pipeline's DAG by stage index, as the run walks it per request: each stage's successors, how
 * many predecessors a fan-in waits for, which stages end the pipeline; and the per-stage deadlines
 * a latency budget gives.
 */
final class PipelineGraph {
  private final List<String> names;
  private final List<Dependency> edges;
  private final int[][] successors;
  private final int[] predecessors;
  private final int[] order;

  PipelineGraph(PipelineSpec spec) {
    this.names = spec.stages().stream().map(StageSpec::name).toList();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (index.put(names.get(i), i) != null) {
        throw new ScenarioException("pipeline.stages: two stages are named '" + names.get(i) + "'");
      }
    }
    this.edges = List.copyOf(new LinkedHashSet<>(spec.edges()));
    List<List<Integer>> next = new ArrayList<>();
    names.forEach(n -> next.add(new ArrayList<>()));
    this.predecessors = new int[names.size()];
    for (Dependency d : edges) {
      Integer from = index.get(d.from());
      Integer to = index.get(d.to());
      if (from == null || to == null || from.equals(to)) {
        throw new ScenarioException("pipeline.edges: " + d.from() + " -> " + d.to() + " must join two different stages of "
            + names);
      }
      next.get(from).add(to);
      predecessors[to]++;
    }
    this.successors = next.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    this.order = topological();
  }

  private int[] topological() {
    int[] waiting = predecessors.clone();
    Deque<Integer> ready = new ArrayDeque<>();
    for (int s = 0; s < waiting.length; s++) {
      if (waiting[s] == 0) {
        ready.add(s);
      }
    }
    int[] out = new int[names.size()];
    int n = 0;
    while (!ready.isEmpty()) {
      int s = ready.poll();
      out[n++] = s;
      for (int t : successors[s]) {
        if (--waiting[t] == 0) {
          ready.add(t);
        }
      }
    }
    if (n < out.length) {
      throw new ScenarioException("pipeline.edges form a cycle");
    }
    return out;
  }

  int size() {
    return names.size();
  }

  String name(int stage) {
    return names.get(stage);
  }

  List<String> names() {
    return names;
  }

  List<Dependency> edges() {
    return edges;
  }

  int[] successors(int stage) {
    return successors[stage];
  }

  /** How many stages must finish a request before {@code stage} takes it (0: it enters there). */
  int predecessors(int stage) {
    return predecessors[stage];
  }

  boolean isSink(int stage) {
    return successors[stage].length == 0;
  }

  int sinks() {
    int n = 0;
    for (int[] s : successors) {
      n += s.length == 0 ? 1 : 0;
    }
    return n;
  }

  /** Stages on the longest path, counted: an even split gives each stage the SLO over this. */
  int depth() {
    double[] ones = new double[size()];
    Arrays.fill(ones, 1);
    return (int) Math.round(longestPath(ones));
  }

  /** The longest source-to-sink path when stage {@code s} takes {@code delayMs[s]}: the critical path. */
  double longestPath(double[] delayMs) {
    double[] finish = new double[size()];
    double longest = 0;
    for (int s : order) {
      finish[s] += delayMs[s];
      longest = Math.max(longest, finish[s]);
      for (int t : successors[s]) {
        finish[t] = Math.max(finish[t], finish[s]);
      }
    }
    return longest;
  }

  /**
   * Per stage, by when after its arrival at the pipeline a request should have left it, given each
   * stage's planned {@code delayMs}: the SLO's slack over the critical path is first shared equally
   * by the stages on the longest path (so a stage planned at a few microseconds still has room for
   * a queue), the delays are then scaled so that the longest path takes exactly {@code sloMs}, and
   * each stage gets as late a finish as the stages after it allow (a sink at the SLO, a stage before
   * it at the SLO less the longest path after it).
   */
  double[] latestFinishMs(double[] delayMs, double sloMs) {
    double slack = Math.max(0, (sloMs - longestPath(delayMs)) / depth());
    double[] padded = new double[size()];
    for (int s = 0; s < padded.length; s++) {
      padded[s] = delayMs[s] + slack;
    }
    double longest = longestPath(padded);
    double k = longest > 0 ? sloMs / longest : 1;
    double[] tail = new double[size()];
    for (int i = order.length - 1; i >= 0; i--) {
      int s = order[i];
      for (int t : successors[s]) {
        tail[s] = Math.max(tail[s], k * padded[t] + tail[t]);
      }
    }
    double[] latest = new double[size()];
    for (int s = 0; s < latest.length; s++) {
      latest[s] = sloMs - tail[s];
    }
    return latest;
  }
}
