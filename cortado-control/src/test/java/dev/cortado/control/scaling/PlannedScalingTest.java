package dev.cortado.control.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.planning.Allocation;
import dev.cortado.control.planning.MipPlanner;
import dev.cortado.control.planning.Plan;
import dev.cortado.control.planning.Planner;
import dev.cortado.control.planning.PlanningProblem;
import dev.cortado.control.planning.RequestClass;
import dev.cortado.control.planning.Route;
import dev.cortado.control.planning.SolveReport;
import dev.cortado.control.planning.SolveStatus;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlannedScalingTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final InstanceSize ONE = InstanceSize.cpu(1);
  private static final InstanceSize TWO = InstanceSize.cpu(2);
  private static final CostModel ONE_PER_CORE_SECOND = new CostModel(1, 0);

  /** A profile at batch 1 and 2 with flat latencies: at SLO 100 ms, batch 2 at 10 ms: 200/s per instance. */
  private static Profile profile(String variant, InstanceSize size, double p50Ms) {
    List<BatchLatency> batches = List.of(new BatchLatency(1, List.of(p50Ms), p50Ms, p50Ms, p50Ms, p50Ms),
        new BatchLatency(2, List.of(p50Ms), p50Ms, p50Ms, p50Ms, p50Ms));
    return new Profile(variant, "1", size, batches, LatencyModel.fit(new int[] {1, 2}, new double[] {p50Ms, p50Ms}), 0, 1L << 20,
        Instant.EPOCH, "test");
  }

  private static ScalingSetup.Variant variant(String name, Profile... profiles) {
    return new ScalingSetup.Variant(name, 2, List.of(profiles), ONE);
  }

  /** Accurate (70 %, only "good" serves it) and thrifty (30 %, "good" or "cheap"). */
  private static final ClassMix MIX = new ClassMix(
      List.of(new ClassMix.ClassShare("accurate", "t", 100, 0.9, 0.7), new ClassMix.ClassShare("thrifty", "t", 100, 0.8, 0.3)),
      Map.of("good", new ClassMix.VariantFacts("t", 0.95), "cheap", new ClassMix.VariantFacts("t", 0.85)));

  private static ScalingSetup setup(ClassMix mix, ScalingSetup.Variant... variants) {
    return new ScalingSetup(List.of(variants), 100, true, ONE_PER_CORE_SECOND, Duration.ZERO, 1000, Map.of(), Map.of(), Map.of(), mix);
  }

  /** A planner that records every problem and answers with {@code answer}. */
  private static final class Recording implements Planner {
    final List<PlanningProblem> problems = new ArrayList<>();
    final Function<PlanningProblem, Plan> answer;

    Recording(Function<PlanningProblem, Plan> answer) {
      this.answer = answer;
    }

    @Override
    public Plan plan(PlanningProblem problem) {
      problems.add(problem);
      return answer.apply(problem);
    }
  }

  private static Plan plan(List<Allocation> allocations, List<Route> routes) {
    return new Plan(allocations, Map.of(), routes, 0, new SolveReport(SolveStatus.OPTIMAL, 0, Duration.ZERO));
  }

  /** Every class on "good", one instance per 100/s of the problem's demand. */
  private static Plan allOnGood(PlanningProblem p) {
    double total = p.classes().stream().mapToDouble(RequestClass::ratePerSecond).sum();
    return plan(List.of(new Allocation("good", ONE, (int) Math.ceil(total / 100))),
        p.classes().stream().map(c -> new Route(c.name(), "good", c.ratePerSecond())).toList());
  }

  private static ScalingContext tick(long goodArrivals, long cheapArrivals) {
    return new ScalingContext(Duration.ofSeconds(1), List.of(
        new VariantObservation("good", ONE, 1, 0, goodArrivals, 0, 0, goodArrivals, 1, 1),
        new VariantObservation("cheap", ONE, 1, 0, cheapArrivals, 0, 0, cheapArrivals, 1, 1)), 64);
  }

  private static Instant at(long seconds) {
    return Instant.EPOCH.plusSeconds(seconds);
  }

  private static int instances(ScalingDecision d, String variant) {
    return d.targets().stream().filter(t -> t.variant().equals(variant)).findFirst().orElseThrow().instances();
  }

  @Test
  void it_plans_each_class_for_its_share_of_the_demand_rounded_up_to_the_grid_and_runs_the_plans_instances() {
    Recording planner = new Recording(PlannedScalingTest::allOnGood);
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), planner, PlannedScaling.Settings.defaults());
    // 700 + 300 arrivals in the tick: 1000/s, rounded up to the grid's 1.1^73 = 1051.1/s
    ScalingDecision d = p.decide(tick(700, 300), at(1));
    double grid = Math.pow(1.1, 73);
    PlanningProblem problem = planner.problems.getFirst();
    assertThat(problem.classes()).extracting(RequestClass::ratePerSecond)
        .satisfiesExactly(r -> assertThat(r).isCloseTo(0.7 * grid, org.assertj.core.data.Offset.offset(1e-6)),
            r -> assertThat(r).isCloseTo(0.3 * grid, org.assertj.core.data.Offset.offset(1e-6)));
    assertThat(problem.headroom()).isEqualTo(1.25);
    assertThat(problem.budget().cores()).isEqualTo(64);
    assertThat(instances(d, "good")).isEqualTo(11);
    assertThat(instances(d, "cheap")).isZero();
    assertThat(p.routes()).isEqualTo(Map.of("accurate", Map.of("good", 1.0), "thrifty", Map.of("good", 1.0)));
  }

  @Test
  void a_burst_takes_more_instances_than_the_plan_when_the_plan_cannot_answer_it_within_the_slo() {
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), new Recording(PlannedScalingTest::allOnGood), PlannedScaling.Settings.defaults());
    // the plan: 11 instances for 1000/s; 300 of the 700 on "good" came within 10 ms, and an instance answers
    // floor(90 ms * 0.8 / 10 ms) = 7 batches of 2 within the 100 ms SLO: 22 instances
    ScalingContext bursty = new ScalingContext(Duration.ofSeconds(1), List.of(
        new VariantObservation("good", ONE, 1, 0, 700, 0, 0, 700, 1, 1, 300),
        new VariantObservation("cheap", ONE, 1, 0, 300, 0, 0, 300, 1, 1, 2)), 64);

    ScalingDecision d = p.decide(bursty, at(1));

    ScalingDecision.Target good = d.targets().stream().filter(t -> t.variant().equals("good")).findFirst().orElseThrow();
    assertThat(good.instances()).isEqualTo(22);
    assertThat(good.reason()).contains("a burst of 300 requests within 10 ms takes 22");
    assertThat(instances(d, "cheap")).as("a burst of two needs nothing the plan did not give").isZero();
  }

  @Test
  void latency_pressure_adds_an_instance_to_the_plan_but_not_while_instances_are_starting() {
    // 1000/s planned onto "good": 11 instances; answers at 95 ms against a 100 ms SLO (over 90 %).
    java.util.function.IntFunction<ScalingContext> slowWithStarting = starting -> new ScalingContext(Duration.ofSeconds(1),
        List.of(new VariantObservation("good", ONE, 11 - starting, starting, 700, 0, 0, 700, 95, 1),
            new VariantObservation("cheap", ONE, 1, 0, 300, 0, 0, 300, 1, 1)), 64);
    java.util.function.Supplier<PlannedScaling> fresh = () -> new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)),
        variant("cheap", profile("cheap", ONE, 5))), new Recording(PlannedScalingTest::allOnGood), PlannedScaling.Settings.defaults());

    ScalingDecision pressed = fresh.get().decide(slowWithStarting.apply(0), at(1));
    ScalingDecision waiting = fresh.get().decide(slowWithStarting.apply(2), at(1));

    assertThat(instances(pressed, "good")).isEqualTo(12);
    assertThat(instances(waiting, "good")).isEqualTo(11);
  }

  @Test
  void it_replans_when_the_demand_outruns_the_plan_or_a_minute_completes_and_not_when_the_demand_falls_within_it() {
    Recording planner = new Recording(PlannedScalingTest::allOnGood);
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), planner, PlannedScaling.Settings.defaults());
    // {second, arrivals at good, plans solved so far}
    long[][] table = {
        {1, 1000, 1},   // first plan
        {2, 1000, 1},   // same demand
        {3, 600, 1},    // falls (the 5 s window still holds more): the plan in force stays
        {4, 3000, 2},   // outruns it: replanned at once
        {5, 3000, 2},
        {60, 500, 3},   // the first minute completed: replanned for the demand now
        {61, 500, 3},
    };
    for (long[] row : table) {
      p.decide(tick(row[1], 0), at(row[0]));
      assertThat(planner.problems).as("t = %d", row[0]).hasSize((int) row[2]);
    }
  }

  @Test
  void a_demand_step_is_solved_once_and_its_plan_reused() {
    Recording planner = new Recording(PlannedScalingTest::allOnGood);
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), planner, PlannedScaling.Settings.defaults());
    p.decide(tick(1000, 0), at(1));
    p.decide(tick(1000, 0), at(60)); // a minute: replans, for the same step
    assertThat(planner.problems).hasSize(1);
  }

  @Test
  void a_variant_the_plan_drops_winds_down_after_the_delay_and_keeps_one_while_it_holds_requests() {
    // the plan puts thrifty on "cheap" until the demand passes 2000/s, then everything on "good"
    Recording planner = new Recording(problem -> {
      double total = problem.classes().stream().mapToDouble(RequestClass::ratePerSecond).sum();
      if (total > 2000) {
        return allOnGood(problem);
      }
      return plan(List.of(new Allocation("good", ONE, 7), new Allocation("cheap", ONE, 3)),
          List.of(new Route("accurate", "good", 700), new Route("thrifty", "cheap", 300)));
    });
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), planner, PlannedScaling.Settings.defaults());
    assertThat(instances(p.decide(tick(700, 300), at(1)), "cheap")).isEqualTo(3);
    assertThat(p.routes().get("thrifty")).isEqualTo(Map.of("cheap", 1.0));
    long version = p.routesVersion();
    ScalingDecision surge = p.decide(tick(3000, 0), at(2));
    assertThat(instances(surge, "good")).isEqualTo(Math.round(Math.ceil(Math.pow(1.1, 85) / 100)));
    assertThat(p.routes().get("thrifty")).isEqualTo(Map.of("good", 1.0));
    assertThat(p.routesVersion()).isNotEqualTo(version);
    // "cheap" is planned at zero from t = 2: it holds 3 until t = 1 is out of the 60 s delay
    for (int s = 3; s <= 61; s++) {
      assertThat(instances(p.decide(tick(3000, 0), at(s)), "cheap")).as("t = %d", s).isEqualTo(3);
    }
    ScalingContext holding = new ScalingContext(Duration.ofSeconds(1), List.of(
        new VariantObservation("good", ONE, 33, 0, 3000, 0, 0, 3000, 1, 1),
        new VariantObservation("cheap", ONE, 3, 0, 0, 0.5, 2, 0, 1, 1)), 64);
    assertThat(instances(p.decide(holding, at(62)), "cheap")).as("two requests still queued").isEqualTo(1);
    assertThat(instances(p.decide(tick(3000, 0), at(63)), "cheap")).isZero();
  }

  @Test
  void a_variant_changes_size_only_after_the_plans_have_wanted_it_for_the_hold_and_runs_the_planned_capacity_meanwhile() {
    // the plan asks for 4 two-thread instances of "good" (400/s each at 5 ms): 1,600/s; at one thread (10 ms) 200/s each
    Recording planner = new Recording(problem -> plan(List.of(new Allocation("good", TWO, 4)),
        List.of(new Route("accurate", "good", 1), new Route("thrifty", "good", 1))));
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10), profile("good", TWO, 5)),
        variant("cheap", profile("cheap", ONE, 5))), planner, PlannedScaling.Settings.defaults());
    // the first decision takes the planned size: nothing runs yet
    ScalingDecision.Target first = p.decide(tick(1000, 0), at(1)).targets().getFirst();
    assertThat(first.size()).isEqualTo(TWO);
    assertThat(first.instances()).isEqualTo(4);
    // a plan at one thread (8 instances, the same 1,600/s) from t = 2: two threads stay until the 30 s hold has passed
    PlannedScaling q = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10), profile("good", TWO, 5)),
        variant("cheap", profile("cheap", ONE, 5))), new Recording(problem -> {
          double total = problem.classes().stream().mapToDouble(RequestClass::ratePerSecond).sum();
          return plan(List.of(total > 2000 ? new Allocation("good", ONE, 16) : new Allocation("good", TWO, 4)),
              List.of(new Route("accurate", "good", 1), new Route("thrifty", "good", 1)));
        }), PlannedScaling.Settings.defaults());
    q.decide(tick(1000, 0), at(1));
    for (int s = 2; s <= 31; s++) {
      ScalingDecision.Target t = q.decide(tick(3000, 0), at(s)).targets().getFirst();
      assertThat(t.size()).as("t = %d", s).isEqualTo(TWO);
      assertThat(t.instances()).as("16 x 200/s = 3,200/s carried by 400/s instances").isEqualTo(8);
    }
    ScalingDecision.Target resized = q.decide(tick(3000, 0), at(32)).targets().getFirst();
    assertThat(resized.size()).isEqualTo(ONE);
    assertThat(resized.instances()).isEqualTo(16);
  }

  @Test
  void without_classes_each_variant_is_planned_for_its_own_load_on_itself() {
    Recording planner = new Recording(problem -> plan(List.of(), List.of()));
    PlannedScaling p = new PlannedScaling(setup(ClassMix.unknown(), variant("good", profile("good", ONE, 10)),
        variant("cheap", profile("cheap", ONE, 5))), planner, PlannedScaling.Settings.defaults());
    p.decide(tick(100, 10), at(1));
    PlanningProblem problem = planner.problems.getFirst();
    assertThat(problem.classes()).extracting(RequestClass::name).containsExactly("good", "cheap");
    assertThat(problem.classes().get(0).ratePerSecond()).isCloseTo(Math.pow(1.1, 49), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(problem.classes().get(1).ratePerSecond()).isCloseTo(Math.pow(1.1, 25), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(problem.variants().getFirst().eligibleFor(problem.classes().get(1))).isFalse();
  }

  @Test
  void with_the_exact_planner_a_class_moves_onto_the_variant_kept_for_another_when_that_is_cheaper() {
    // 100/s in all: one "good" instance (200/s at 80 %) serves both classes; "cheap" would cost an instance more
    PlannedScaling p = new PlannedScaling(setup(MIX, variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), new MipPlanner(), PlannedScaling.Settings.defaults());
    ScalingDecision d = p.decide(tick(70, 30), at(1));
    assertThat(instances(d, "good")).isEqualTo(1);
    assertThat(instances(d, "cheap")).isZero();
    assertThat(p.routes()).isEqualTo(Map.of("accurate", Map.of("good", 1.0), "thrifty", Map.of("good", 1.0)));
  }

  @Test
  void it_forecasts_the_classes_total_from_the_variants_histories_added() {
    Forecaster upper = new Forecaster() {
      @Override
      public String name() {
        return "last";
      }

      @Override
      public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
        double[] last = new double[3];
        Arrays.fill(last, history.rate(history.size() - 1) * 2);
        return new Forecast(history.end(), history.step(), last, last, 0.95);
      }
    };
    Recording planner = new Recording(PlannedScalingTest::allOnGood);
    ScalingSetup s = new ScalingSetup(List.of(variant("good", profile("good", ONE, 10)), variant("cheap",
        profile("cheap", ONE, 5))), 100, true, ONE_PER_CORE_SECOND, Duration.ZERO, 1000, Map.of(),
        Map.of("good", new RateHistory(at(-60), MINUTE, new double[] {300}), "cheap", new RateHistory(at(-60), MINUTE,
            new double[] {200})), Map.of("good", upper), MIX);
    PlannedScaling p = new PlannedScaling(s, planner, PlannedScaling.Settings.defaults());
    p.decide(tick(0, 0), at(1));
    // (300 + 200) * 2 = 1000/s forecast: the grid's 1051.1/s
    double total = planner.problems.getFirst().classes().stream().mapToDouble(RequestClass::ratePerSecond).sum();
    assertThat(total).isCloseTo(Math.pow(1.1, 73), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(p.forecastRate("good")).isEqualTo(1000);
    assertThat(p.forecastRate("cheap")).isNaN();
  }
}
