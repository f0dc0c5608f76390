package dev.cortado.control.planning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Solve times of the planners on growing random problems. Per problem, the median of {@value #RUNS}
 * runs after {@value #WARMUP} warm-up runs, timed around {@code plan(...)} (model building, solving,
 * extraction); per shape, the median and the largest of those over {@value #PROBLEMS} random problems
 * (the first seeds 0, 1, … whose problem has a plan, without budgets), and for the MIPs the median
 * of the solver's own solve time. Not a unit test: a main,
 * run by hand (docs/planning.md has the command and the results). It lives with the tests because
 * decision code reads no clock.
 */
public final class PlannerTiming {
  private static final int WARMUP = 2;
  private static final int RUNS = 5;
  private static final int PROBLEMS = 10;

  private PlannerTiming() {}

  private record Timed(double wallMs, double solverMs, double cost, SolveStatus status) {}

  public static void main(String[] args) {
    System.out.printf("%-40s %-7s %11s %9s %11s  %s%n", "problem (10 random each)", "planner", "median ms", "max ms",
        "solver ms", "statuses");
    for (int[] shape : new int[][] {{3, 2, 2}, {5, 4, 3}, {10, 4, 5}, {20, 4, 10}}) {
      String name = shape[0] + " variants x " + shape[1] + " sizes x " + shape[2] + " classes";
      List<PlanningProblem> problems = new ArrayList<>();
      for (int seed = 0; problems.size() < PROBLEMS; seed++) {
        PlanningProblem p = RandomProblems.planning(new Random(seed), shape[0], shape[1], shape[2], 2);
        PlanningProblem unlimited = new PlanningProblem(p.classes(), p.variants(), p.prices(), Budget.unlimited(),
            p.headroom(), p.maxBatch());
        if (new GreedyPlanner().plan(unlimited).status().hasSolution()) {
          problems.add(unlimited);
        }
      }
      report(name, "greedy", problems, p -> timed(() -> new GreedyPlanner().plan(p)));
      for (MipBackend backend : MipBackend.values()) {
        MipPlanner planner = new MipPlanner(backend, Duration.ofSeconds(10));
        report(name, backend.name(), problems, p -> timed(() -> planner.plan(p)));
      }
    }
    for (int stages : new int[] {5, 10, 20}) {
      for (boolean chain : new boolean[] {true, false}) {
        String name = stages + "-stage " + (chain ? "chains" : "SP DAGs") + ", 15 options/stage";
        List<PipelineProblem> problems = new ArrayList<>();
        for (int seed = 0; seed < PROBLEMS; seed++) {
          PipelineProblem p = RandomProblems.pipeline(new Random(seed), stages, 3);
          problems.add(chain ? asChain(p) : p);
        }
        report(name, "DP", problems, p -> timedPipeline(() -> new Fa2Planner().plan(p)));
        for (MipBackend backend : MipBackend.values()) {
          MipPipelinePlanner planner = new MipPipelinePlanner(backend, Duration.ofSeconds(10));
          report(name, backend.name(), problems, p -> timedPipeline(() -> planner.plan(p)));
        }
      }
    }
  }

  /** The same stages one after another, with an SLO halfway between the fastest and 3× the fastest path. */
  private static PipelineProblem asChain(PipelineProblem p) {
    double fastest = p.stages().stream()
        .mapToDouble(s -> s.options().stream().mapToDouble(o -> o.delayMs(p.ratePerSecond())).min().orElseThrow())
        .sum();
    return PipelineProblem.chain(p.stages(), 2 * fastest, p.ratePerSecond());
  }

  private static <P> void report(String name, String planner, List<P> problems, Function<P, Timed> run) {
    List<Timed> results = problems.stream().map(run).toList();
    double[] wall = results.stream().mapToDouble(Timed::wallMs).sorted().toArray();
    double[] solver = results.stream().mapToDouble(Timed::solverMs).sorted().toArray();
    String statuses = results.stream().map(t -> t.status().name().substring(0, 1)).reduce("", String::concat);
    System.out.printf("%-40s %-7s %11.2f %9.2f %11.2f  %s%n", name, planner, wall[wall.length / 2], wall[wall.length - 1],
        solver[solver.length / 2], statuses);
  }

  private static Timed timed(Supplier<Plan> run) {
    List<Plan> plans = new ArrayList<>();
    double wall = median(() -> plans.add(run.get()));
    Plan last = plans.getLast();
    double solver = plans.stream().mapToDouble(p -> p.report().solveTime().toNanos() / 1e6).sorted().toArray()[plans.size() / 2];
    return new Timed(wall, solver, last.costPerHour(), last.status());
  }

  private static Timed timedPipeline(Supplier<PipelinePlan> run) {
    List<PipelinePlan> plans = new ArrayList<>();
    double wall = median(() -> plans.add(run.get()));
    PipelinePlan last = plans.getLast();
    double solver = plans.stream().mapToDouble(p -> p.report().solveTime().toNanos() / 1e6).sorted().toArray()[plans.size() / 2];
    return new Timed(wall, solver, last.totalCores(), last.status());
  }

  private static double median(Runnable run) {
    double[] ms = new double[RUNS];
    for (int i = 0; i < WARMUP + RUNS; i++) {
      long start = System.nanoTime();
      run.run();
      if (i >= WARMUP) {
        ms[i - WARMUP] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(ms);
    return ms[RUNS / 2];
  }
}
