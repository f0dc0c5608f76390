package dev.cortado.control.planning;

import static dev.cortado.control.planning.PlanningFixtures.GIB;
import static dev.cortado.control.planning.PlanningFixtures.flat;
import static dev.cortado.control.planning.PlanningFixtures.problem;
import static dev.cortado.control.planning.PlanningFixtures.requestClass;
import static dev.cortado.control.planning.PlanningFixtures.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small problems whose optimum is worked out by hand. Prices are one per core-hour, so a plan's cost
 * is its core count. A batch of b answers within 2 × p95(b) and one instance sustains b / p50(b).
 */
class PlannersByHandTest {
  private final Planner mip = new MipPlanner();
  private final Planner greedy = new GreedyPlanner();

  /**
   * 1 thread, p50 12/14/18/26 ms at b = 1/2/4/8: within a 40 ms SLO up to b = 4 (36 ms), 222/s.
   * 2 threads, p50 6/7/9/13 ms: b = 8 answers in 26 ms and sustains 615/s.
   */
  private static PlanningVariant twoSizes() {
    return variant("v", 0.8, flat("v", 1, 12, 14, 18, 26), flat("v", 2, 6, 7, 9, 13));
  }

  @Test
  void oneBigInstanceBeatsThreeSmallOnes() {
    PlanningProblem p = problem(List.of(requestClass("c", 40, 0.5, 500)), List.of(twoSizes()), Budget.unlimited(), 1.0);

    Plan plan = mip.plan(p);

    assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
    assertThat(plan.violations(p)).isEmpty();
    assertThat(plan.costPerHour()).isCloseTo(2, within(1e-9));
    assertThat(plan.instances("v", InstanceSize.cpu(2))).isEqualTo(1);
    assertThat(plan.batchCaps()).containsEntry("v", 8);
    assertThat(plan.rate("c", "v")).isCloseTo(500, within(1e-6));
    assertThat(greedy.plan(p).costPerHour()).isCloseTo(2, within(1e-9));
  }

  /**
   * 650/s with headroom: no longer one 2-thread instance at b = 8 (615/s) but three cores at b = 4 (1
   * thread 222/s, 2 threads 444/s), as three small instances or one of each.
   */
  @Test
  void headroomMixesSizesUnderOneBatchCap() {
    PlanningProblem p = problem(List.of(requestClass("c", 40, 0.5, 500)), List.of(twoSizes()), Budget.unlimited(), 1.3);

    Plan plan = mip.plan(p);
    Plan baseline = greedy.plan(p);

    assertThat(plan.violations(p)).isEmpty();
    assertThat(plan.costPerHour()).isCloseTo(3, within(1e-9));
    assertThat(plan.batchCaps()).containsEntry("v", 4);
    assertThat(baseline.violations(p)).isEmpty();
    assertThat(baseline.costPerHour()).as("greedy: two 2-thread instances at b = 8").isCloseTo(4, within(1e-9));
  }

  /**
   * 260/s: 1 thread sustains 250/s at b = 4 (16 ms), 4 threads 1,250/s at b = 8. Greedy takes the lower
   * price per request (4 threads, 4 cores); two 1-thread instances take 2.
   */
  @Test
  void ceilingsMakeTheCheapestRateTheWrongChoice() {
    PlanningVariant v = variant("v", 0.8, flat("v", 1, 10, 12, 16, 40), flat("v", 4, 4, 4.5, 5, 6.4));
    PlanningProblem p = problem(List.of(requestClass("c", 100, 0.5, 260)), List.of(v), Budget.unlimited(), 1.0);

    assertThat(mip.plan(p).costPerHour()).isCloseTo(2, within(1e-9));
    assertThat(mip.plan(p).instances("v", InstanceSize.cpu(1))).isEqualTo(2);
    assertThat(greedy.plan(p).costPerHour()).isCloseTo(4, within(1e-9));

    PlanningProblem oneGib = problem(p.classes(), p.variants(), new Budget(100, GIB), 1.0);
    assertThat(mip.plan(oneGib).costPerHour()).as("room for one instance: the 4-thread one").isCloseTo(4, within(1e-9));
    assertThat(mip.plan(oneGib).violations(oneGib)).isEmpty();
  }

  /**
   * Premium (accuracy ≥ 0.85) must use "full" (2 threads, 178/s at b = 8); basic may use "lite"
   * (1 thread, 500/s at b = 4): one of each, 3 cores.
   */
  @Test
  void accuracyFloorsRouteClasses() {
    PlanningVariant lite = variant("lite", 0.7, flat("lite", 1, 5, 6, 8, 12));
    PlanningVariant full = variant("full", 0.9, flat("full", 2, 20, 24, 30, 45));
    PlanningProblem p = problem(
        List.of(requestClass("premium", 100, 0.85, 100), requestClass("basic", 100, 0.6, 300)), List.of(lite, full),
        Budget.unlimited(), 1.0);

    Plan plan = mip.plan(p);

    assertThat(plan.violations(p)).isEmpty();
    assertThat(plan.costPerHour()).isCloseTo(3, within(1e-9));
    assertThat(plan.rate("premium", "full")).isCloseTo(100, within(1e-6));
    assertThat(plan.rate("premium", "lite")).isZero();
    assertThat(greedy.plan(p).costPerHour()).isCloseTo(3, within(1e-9));
  }

  /**
   * One variant, p50 10/12/16/24 ms: the tight class (25 ms) allows b ≤ 2 (167/s) and so caps the
   * variant for the loose one too: 650/s needs 4 instances. With a second copy of the variant the loose
   * class runs at b = 8 (333/s) on the copy: 1 + 2 instances.
   */
  @Test
  void aVariantRunsOneBatchCap() {
    PlanningVariant v = variant("v", 0.8, flat("v", 1, 10, 12, 16, 24));
    PlanningVariant copy = variant("copy", 0.8, flat("copy", 1, 10, 12, 16, 24));
    List<RequestClass> classes = List.of(requestClass("tight", 25, 0.5, 50), requestClass("loose", 200, 0.5, 600));

    PlanningProblem shared = problem(classes, List.of(v), Budget.unlimited(), 1.0);
    Plan one = mip.plan(shared);
    assertThat(one.violations(shared)).isEmpty();
    assertThat(one.costPerHour()).isCloseTo(4, within(1e-9));
    assertThat(one.batchCaps()).containsEntry("v", 2);
    assertThat(greedy.plan(shared).costPerHour()).isCloseTo(4, within(1e-9));

    PlanningProblem split = problem(classes, List.of(v, copy), Budget.unlimited(), 1.0);
    Plan two = mip.plan(split);
    assertThat(two.violations(split)).isEmpty();
    assertThat(two.costPerHour()).isCloseTo(3, within(1e-9));
  }

  @Test
  void overBudgetIsInfeasible() {
    PlanningProblem p = problem(List.of(requestClass("c", 40, 0.5, 500)), List.of(twoSizes()), new Budget(1, 100 * GIB), 1.0);

    assertThat(mip.plan(p).status()).isEqualTo(SolveStatus.INFEASIBLE);
    assertThat(greedy.plan(p).status()).isEqualTo(SolveStatus.INFEASIBLE);
    assertThat(mip.plan(p).violations(p)).isNotEmpty();
  }

  @Test
  void noVariantFastEnoughIsInfeasible() {
    PlanningProblem p = problem(List.of(requestClass("c", 5, 0.5, 10)), List.of(twoSizes()), Budget.unlimited(), 1.0);

    assertThat(mip.plan(p).status()).isEqualTo(SolveStatus.INFEASIBLE);
    assertThat(greedy.plan(p).status()).isEqualTo(SolveStatus.INFEASIBLE);
  }

  @Test
  void noTrafficNeedsNothing() {
    PlanningProblem p = problem(List.of(requestClass("c", 40, 0.5, 0)), List.of(twoSizes()), Budget.unlimited(), 1.0);

    Plan plan = mip.plan(p);

    assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
    assertThat(plan.allocations()).isEmpty();
    assertThat(plan.costPerHour()).isZero();
    assertThat(plan.violations(p)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(MipBackend.class)
  void everyBackendFindsTheSameOptimum(MipBackend backend) {
    Planner planner = new MipPlanner(backend, Duration.ofSeconds(10));
    PlanningVariant v = variant("v", 0.8, flat("v", 1, 10, 12, 16, 24));
    PlanningVariant copy = variant("copy", 0.8, flat("copy", 1, 10, 12, 16, 24));
    PlanningProblem p = problem(List.of(requestClass("tight", 25, 0.5, 50), requestClass("loose", 200, 0.5, 600)),
        List.of(v, copy), Budget.unlimited(), 1.0);

    Plan plan = planner.plan(p);

    assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
    assertThat(plan.violations(p)).isEmpty();
    assertThat(plan.costPerHour()).isCloseTo(3, within(1e-6));
    assertThat(plan.report().solveTime()).isPositive();
  }

  @Test
  void theCheckCatchesABadPlan() {
    PlanningVariant lite = variant("lite", 0.7, flat("lite", 1, 5, 6, 8, 12));
    PlanningProblem p = problem(List.of(requestClass("premium", 10, 0.85, 100)), List.of(lite), new Budget(0, 0), 1.0);
    Plan bad = new Plan(List.of(new Allocation("lite", InstanceSize.cpu(1), 1)), java.util.Map.of("lite", 8),
        List.of(new Route("premium", "lite", 90)), 5, SolveReport.heuristic(SolveStatus.FEASIBLE));

    assertThat(bad.violations(p)).hasSize(6)
        .anyMatch(v -> v.contains("accuracy floor"))
        .anyMatch(v -> v.contains("answer in 24.0 ms"))
        .anyMatch(v -> v.contains("routes carry 90.0"))
        .anyMatch(v -> v.contains("cores"))
        .anyMatch(v -> v.contains("bytes"))
        .anyMatch(v -> v.contains("costs 5.0 per hour"));
  }
}
