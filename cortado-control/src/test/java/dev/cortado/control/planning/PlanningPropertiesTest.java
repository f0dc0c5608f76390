package dev.cortado.control.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of both planners on 200 random problems (seeded: a failure names its seed). */
class PlanningPropertiesTest {
  private static final int PROBLEMS = 200;

  @Test
  void theMipIsFeasibleAndNeverCostsMoreThanTheGreedy() {
    Planner mip = new MipPlanner(MipBackend.SCIP, Duration.ofSeconds(20));
    Planner greedy = new GreedyPlanner();
    int feasible = 0;
    int greedyFeasible = 0;
    int cheaper = 0;
    double saving = 0;
    for (int seed = 0; seed < PROBLEMS; seed++) {
      Random random = new Random(seed);
      PlanningProblem problem = RandomProblems.planning(random, 2 + random.nextInt(4), 1 + random.nextInt(3),
          1 + random.nextInt(4), 1 + random.nextInt(2));

      Plan exact = mip.plan(problem);
      Plan baseline = greedy.plan(problem);

      String at = "seed " + seed;
      assertThat(exact.status()).as(at).isIn(SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE);
      if (exact.status().hasSolution()) {
        feasible++;
        assertThat(exact.violations(problem)).as(at).isEmpty();
        assertThat(exact.report().gap()).as(at).isLessThanOrEqualTo(1e-6);
      }
      if (baseline.status().hasSolution()) {
        greedyFeasible++;
        assertThat(baseline.violations(problem)).as(at).isEmpty();
        assertThat(exact.status()).as(at + ": greedy found a plan, so one exists").isEqualTo(SolveStatus.OPTIMAL);
        assertThat(exact.costPerHour()).as(at).isLessThanOrEqualTo(baseline.costPerHour() * (1 + 1e-6));
        if (exact.costPerHour() < baseline.costPerHour() * (1 - 1e-6)) {
          cheaper++;
          saving += 1 - exact.costPerHour() / baseline.costPerHour();
        }
      }
    }
    System.out.printf("planning: %d/%d feasible (greedy %d); MIP cheaper than greedy on %d, by %.1f %% on average%n",
        feasible, PROBLEMS, greedyFeasible, cheaper, cheaper == 0 ? 0 : 100 * saving / cheaper);
    assertThat(feasible).as("random problems should mostly be feasible").isGreaterThan(PROBLEMS / 2);
  }
}
