package dev.cortado.control.planning;

import static dev.cortado.control.planning.PlanningFixtures.option;
import static dev.cortado.control.planning.PlanningFixtures.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pipelines whose optimum is worked out by hand, for both the DP and the MIP. A stage's instances are
 * {@code ceil(λ · latency / b)}, its delay {@code latency + (b − 1) / λ}.
 */
class PipelinePlannersByHandTest {
  /** The DP on a 0.01 ms grid, on which every delay below is a whole number of cells, and the MIP. */
  static Stream<PipelinePlanner> planners() {
    return Stream.of(new Fa2Planner(0.01), new MipPipelinePlanner());
  }

  /**
   * λ = 200/s. A: b = 1 at 10 ms (2 cores, 10 ms) or b = 4 at 16 ms (1 core, 31 ms). B: b = 1 at 20 ms
   * (4 cores, 20 ms) or b = 4 at 30 ms (2 cores, 45 ms). The four plans: 6 cores in 30 ms, 5 in 51,
   * 4 in 55, 3 in 76.
   */
  static PipelineProblem chain(double sloMs) {
    return PipelineProblem.chain(List.of(
        stage("A", option(1, 1, 10), option(1, 4, 16)),
        stage("B", option(1, 1, 20), option(1, 4, 30))), sloMs, 200);
  }

  static Stream<Arguments> chainCases() {
    return planners().flatMap(p -> Stream.of(
        Arguments.of(p, 80.0, 3), Arguments.of(p, 60.0, 4), Arguments.of(p, 55.0, 4), Arguments.of(p, 52.0, 5),
        Arguments.of(p, 50.0, 6), Arguments.of(p, 30.0, 6)));
  }

  @ParameterizedTest
  @MethodSource("chainCases")
  void aChainSplitsItsSloBetweenStages(PipelinePlanner planner, double sloMs, int cores) {
    PipelineProblem problem = chain(sloMs);

    PipelinePlan plan = planner.plan(problem);

    assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
    assertThat(plan.totalCores()).isEqualTo(cores);
    assertThat(plan.violations(problem)).isEmpty();
    assertThat(plan.criticalPathMs()).isLessThanOrEqualTo(sloMs);
  }

  /**
   * On the default grid (0.00055 ms cells for 55 ms) the delays 10 and 45 ms round up to one cell more
   * than the SLO holds: the 4-core plan that meets the SLO exactly is missed, and the rounded-down grid
   * says so with its bound.
   */
  @Test
  void aPlanExactlyAtTheSloMayFallBetweenCells() {
    PipelinePlan plan = new Fa2Planner().plan(chain(55));

    assertThat(plan.totalCores()).isEqualTo(5);
    assertThat(plan.status()).isEqualTo(SolveStatus.FEASIBLE);
    assertThat(plan.report().gap()).isCloseTo(0.2, within(1e-9));
    assertThat(new Fa2Planner().plan(chain(55.001)).totalCores()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("planners")
  void anSloBelowEveryPlanIsInfeasible(PipelinePlanner planner) {
    PipelinePlan plan = planner.plan(chain(29));

    assertThat(plan.status()).isEqualTo(SolveStatus.INFEASIBLE);
    assertThat(plan.choices()).isEmpty();
  }

  /**
   * λ = 100/s. src and sink: 1 core, 5 ms each. left: 2 cores in 20 ms or 1 core in 66 ms (b = 4 at
   * 36 ms); right: 3 cores in 30 ms or 1 core in 68 ms (b = 4 at 38 ms). Branches run side by side,
   * so each may take the whole budget between src and sink: 10 ms + max(left, right).
   */
  static PipelineProblem diamond(double sloMs) {
    return new PipelineProblem(
        List.of(stage("src", option(1, 1, 5)), stage("left", option(1, 1, 20), option(1, 4, 36)),
            stage("right", option(1, 1, 30), option(1, 4, 38)), stage("sink", option(1, 1, 5))),
        List.of(new Dependency("src", "left"), new Dependency("src", "right"), new Dependency("left", "sink"),
            new Dependency("right", "sink")),
        sloMs, 100);
  }

  static Stream<Arguments> diamondCases() {
    return planners().flatMap(p -> Stream.of(
        Arguments.of(p, 80.0, 4, 78.0), Arguments.of(p, 77.0, 6, 76.0), Arguments.of(p, 70.0, 7, 40.0)));
  }

  @ParameterizedTest
  @MethodSource("diamondCases")
  void aFanOutGivesEachBranchTheWholeBudget(PipelinePlanner planner, double sloMs, int cores, double pathMs) {
    PipelineProblem problem = diamond(sloMs);

    PipelinePlan plan = planner.plan(problem);

    assertThat(plan.totalCores()).isEqualTo(cores);
    assertThat(plan.criticalPathMs()).isCloseTo(pathMs, within(1e-9));
    assertThat(plan.violations(problem)).isEmpty();
  }

  /** a1 and a2 both feed b1 and b2: not series-parallel as drawn, but a fan-in then a fan-out. */
  @Test
  void aCompleteBipartiteJoinIsAFanInThenAFanOut() {
    List<Stage> stages = List.of(
        stage("a1", option(1, 1, 10), option(1, 8, 20)), stage("a2", option(1, 1, 12), option(2, 8, 14)),
        stage("b1", option(1, 1, 9), option(1, 4, 16)), stage("b2", option(1, 1, 30), option(4, 2, 8)));
    List<Dependency> edges = List.of(new Dependency("a1", "b1"), new Dependency("a1", "b2"), new Dependency("a2", "b1"),
        new Dependency("a2", "b2"));
    for (double slo : new double[] {40, 60, 80, 120, 200}) {
      PipelineProblem problem = new PipelineProblem(stages, edges, slo, 150);
      PipelinePlan dp = new Fa2Planner().plan(problem);
      PipelinePlan mip = new MipPipelinePlanner().plan(problem);
      assertThat(dp.status()).as("SLO %s", slo).isEqualTo(mip.status());
      assertThat(dp.totalCores()).as("SLO %s", slo).isEqualTo(mip.totalCores());
      assertThat(dp.violations(problem)).isEmpty();
    }
  }

  /** a feeds c and d, b feeds d: the "N" graph, which no series-parallel decomposition covers. */
  @Test
  void theDpRefusesANonSeriesParallelGraphAndTheMipSolvesIt() {
    PipelineProblem n = new PipelineProblem(
        List.of(stage("a", option(1, 1, 10)), stage("b", option(1, 1, 10)), stage("c", option(1, 1, 10)),
            stage("d", option(1, 1, 10), option(1, 2, 12))),
        List.of(new Dependency("a", "c"), new Dependency("a", "d"), new Dependency("b", "d")), 100, 100);

    assertThatThrownBy(() -> new Fa2Planner().plan(n))
        .isInstanceOfSatisfying(CortadoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("not series-parallel");
    PipelinePlan plan = new MipPipelinePlanner().plan(n);
    assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
    assertThat(plan.totalCores()).isEqualTo(1 + 1 + 1 + 1);
    assertThat(plan.violations(n)).isEmpty();
  }

  @Test
  void theCheckCatchesABadPlan() {
    PipelineProblem problem = chain(40);
    PipelinePlan slow = PipelinePlan.of(problem, List.of(option(1, 4, 16), option(1, 4, 30)),
        SolveReport.heuristic(SolveStatus.FEASIBLE));
    PipelinePlan thin = new PipelinePlan(List.of(new StageChoice("A", option(1, 1, 10), 1),
        new StageChoice("B", option(1, 1, 20), 4)), 5, 30, SolveReport.heuristic(SolveStatus.FEASIBLE));

    assertThat(slow.violations(problem)).singleElement().asString().contains("critical path takes 76.0 ms");
    assertThat(thin.violations(problem)).singleElement().asString().contains("stage A sustains 100.0 req/s");
  }
}
