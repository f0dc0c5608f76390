package dev.cortado.control.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FA2's DP against the exact MIP on 200 random series-parallel pipelines (seeded). */
class PipelinePropertiesTest {
  private static final int PROBLEMS = 200;

  @Test
  void theDpMatchesTheMipWithinItsDiscretisation() {
    PipelinePlanner mip = new MipPipelinePlanner();
    List<PipelineProblem> problems = new ArrayList<>();
    List<PipelinePlan> optima = new ArrayList<>();
    for (int seed = 0; seed < PROBLEMS; seed++) {
      Random random = new Random(seed);
      PipelineProblem problem = RandomProblems.pipeline(random, 1 + random.nextInt(8), 1 + random.nextInt(3));
      PipelinePlan exact = mip.plan(problem);
      assertThat(exact.status()).as("seed " + seed).isIn(SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE);
      if (exact.status().hasSolution()) {
        assertThat(exact.violations(problem)).as("seed " + seed).isEmpty();
      }
      problems.add(problem);
      optima.add(exact);
    }
    assertThat(optima.stream().filter(p -> p.status().hasSolution()).count()).isGreaterThan(PROBLEMS / 2);

    assertThat(matches("DP, 100,000 cells over the SLO", new Fa2Planner(), problems, optima)).isGreaterThanOrEqualTo(0.99);
    assertThat(matches("DP, 0.01 ms steps", new Fa2Planner(0.01), problems, optima)).isGreaterThanOrEqualTo(0.99);
    matches("DP, 1 ms steps", new Fa2Planner(1), problems, optima);
  }

  /** The fraction of problems on which the DP's cost is the MIP's optimum; asserts what always holds. */
  private static double matches(String name, PipelinePlanner dp, List<PipelineProblem> problems, List<PipelinePlan> optima) {
    int matches = 0;
    List<Integer> missed = new ArrayList<>();
    for (int seed = 0; seed < problems.size(); seed++) {
      PipelineProblem problem = problems.get(seed);
      PipelinePlan grid = dp.plan(problem);
      PipelinePlan exact = optima.get(seed);
      String at = name + ", seed " + seed;
      if (grid.status().hasSolution()) {
        assertThat(grid.violations(problem)).as(at).isEmpty();
        assertThat(exact.status()).as(at + ": the DP's plan is feasible, so the MIP has one").isEqualTo(SolveStatus.OPTIMAL);
        assertThat(grid.totalCores()).as(at).isGreaterThanOrEqualTo(exact.totalCores());
        if (grid.status() == SolveStatus.OPTIMAL) {
          assertThat(grid.totalCores()).as(at + ": the DP's lower bound proved it optimal").isEqualTo(exact.totalCores());
        }
      } else if (grid.status() == SolveStatus.INFEASIBLE) {
        assertThat(exact.status()).as(at + ": even the rounded-down grid has no plan").isEqualTo(SolveStatus.INFEASIBLE);
      }
      boolean same = grid.status().hasSolution()
          ? grid.totalCores() == exact.totalCores()
          : grid.status() == exact.status();
      if (same) {
        matches++;
      } else {
        missed.add(seed);
      }
    }
    double fraction = matches / (double) problems.size();
    System.out.printf("pipelines, %s: DP = MIP optimum on %d/%d (%.1f %%); missed seeds %s%n", name, matches,
        problems.size(), 100 * fraction, missed);
    return fraction;
  }
}
