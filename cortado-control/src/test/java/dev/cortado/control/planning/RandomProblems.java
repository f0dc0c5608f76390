package dev.cortado.control.planning;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Random planning problems and series-parallel pipelines, reproducible from a seeded {@link Random}.
 * Latency of a batch of b on t threads: {@code (a + s · b) / t^α}, with a, s and α drawn per variant
 * or stage; tails 10–50 % above the median.
 */
final class RandomProblems {
  private static final int[] THREADS = {1, 2, 4, 8};

  private RandomProblems() {}

  static PlanningProblem planning(Random random, int variants, int sizes, int classes, int tasks) {
    List<PlanningVariant> vs = new ArrayList<>();
    for (int v = 0; v < variants; v++) {
      String name = "v" + v;
      double a = between(random, 2, 20);
      double s = between(random, 0.5, 5);
      double alpha = between(random, 0.5, 0.9);
      double tail = between(random, 1.1, 1.5);
      long memory = (long) between(random, 256, 2048) * PlanningFixtures.MIB;
      List<Profile> profiles = new ArrayList<>();
      for (int t : pick(random, sizes)) {
        double[] p50 = new double[5];
        for (int i = 0; i < p50.length; i++) {
          p50[i] = (a + s * (1 << i)) / Math.pow(t, alpha);
        }
        profiles.add(PlanningFixtures.profile(name, t, memory * (1 + t / 4), tail, p50));
      }
      vs.add(new PlanningVariant(name, "task" + random.nextInt(tasks), between(random, 0.6, 0.95), profiles));
    }
    List<RequestClass> cs = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      cs.add(new RequestClass("c" + c, "task" + random.nextInt(tasks), between(random, 15, 300), between(random, 0.5, 0.9),
          between(random, 5, 500)));
    }
    Budget budget = random.nextBoolean() ? Budget.unlimited()
        : new Budget(4 + random.nextInt(60), (long) between(random, 4, 64) * PlanningFixtures.GIB);
    int maxBatch = new int[] {4, 8, 16}[random.nextInt(3)];
    return new PlanningProblem(cs, vs, CostModel.cloudRunDefaults(), budget, between(random, 1, 1.5), maxBatch);
  }

  /** Sizes distinct thread counts, ascending. */
  private static List<Integer> pick(Random random, int sizes) {
    List<Integer> all = new ArrayList<>();
    for (int t : THREADS) {
      all.add(t);
    }
    while (all.size() > sizes) {
      all.remove(random.nextInt(all.size()));
    }
    return all;
  }

  /** A random series-parallel pipeline of {@code stages} stages, with an SLO near its binding range. */
  static PipelineProblem pipeline(Random random, int stages, int sizes) {
    List<Stage> out = new ArrayList<>();
    List<Dependency> edges = new ArrayList<>();
    build(random, stages, out, edges);
    double rate = between(random, 5, 400);
    List<Stage> withOptions = new ArrayList<>();
    for (Stage s : out) {
      withOptions.add(new Stage(s.name(), options(random, sizes)));
    }
    PipelineProblem draft = new PipelineProblem(withOptions, edges, 1, rate);
    double fastest = draft.longestPathMs(n -> stage(draft, n).options().stream().mapToDouble(o -> o.delayMs(rate)).min().orElseThrow());
    double cheapest = draft.longestPathMs(n -> stage(draft, n).options().stream()
        .min(Comparator.comparingInt((StageOption o) -> o.coresFor(rate)).thenComparingDouble(o -> o.delayMs(rate)))
        .orElseThrow().delayMs(rate));
    double slo = between(random, 0.95 * fastest, 1.05 * Math.max(fastest, cheapest));
    return new PipelineProblem(withOptions, edges, slo, rate);
  }

  private static Stage stage(PipelineProblem p, String name) {
    return p.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<StageOption> options(Random random, int sizes) {
    double a = between(random, 2, 30);
    double s = between(random, 0.5, 6);
    double alpha = between(random, 0.5, 0.9);
    List<StageOption> options = new ArrayList<>();
    for (int t : pick(random, sizes)) {
      for (int b = 1; b <= 16; b *= 2) {
        options.add(new StageOption(InstanceSize.cpu(t), b, (a + s * b) / Math.pow(t, alpha) * between(random, 0.95, 1.05)));
      }
    }
    return options;
  }

  /** A block of {@code count} stages; returns its first and last stages (sources, sinks). */
  private static List<List<String>> build(Random random, int count, List<Stage> stages, List<Dependency> edges) {
    if (count == 1) {
      String name = "s" + stages.size();
      stages.add(new Stage(name, List.of(new StageOption(InstanceSize.cpu(1), 1, 1))));
      return List.of(List.of(name), List.of(name));
    }
    int first = 1 + random.nextInt(count - 1);
    List<List<String>> a = build(random, first, stages, edges);
    List<List<String>> b = build(random, count - first, stages, edges);
    if (random.nextInt(3) > 0) {
      for (String from : a.get(1)) {
        for (String to : b.get(0)) {
          edges.add(new Dependency(from, to));
        }
      }
      return List.of(a.get(0), b.get(1));
    }
    List<String> sources = new ArrayList<>(a.get(0));
    sources.addAll(b.get(0));
    List<String> sinks = new ArrayList<>(a.get(1));
    sinks.addAll(b.get(1));
    return List.of(sources, sinks);
  }

  static double between(Random random, double low, double high) {
    return low + random.nextDouble() * (high - low);
  }
}
