package dev.cortado.control.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cortado's autoscaler moving request classes between variants ({@link Consolidation}), driven tick
 * by tick on a manual clock. Two variants of one task: {@code good} (accuracy 0.95, 100 requests/s
 * per instance) serves both classes; {@code cheap} (0.85, 400/s, half the cost per request alone)
 * serves only {@code thrifty}. Each class is half of the load; every instance costs 1 per second.
 */
class ConsolidationTest {
  private static final RateHistory NO_HISTORY = new RateHistory(Instant.EPOCH, Duration.ofMinutes(1), new double[0]);
  private static final SizeOption GOOD = new SizeOption(InstanceSize.cpu(1), new InstanceCapacity(10, 100, 100), 1.0, 2.0);
  private static final SizeOption CHEAP = new SizeOption(InstanceSize.cpu(1), new InstanceCapacity(10, 25, 400), 1.0, 2.0);
  private static final ClassMix MIX = new ClassMix(
      List.of(new ClassMix.ClassShare("accurate", "t", 100, 0.9, 0.5), new ClassMix.ClassShare("thrifty", "t", 100, 0.8, 0.5)),
      Map.of("good", new ClassMix.VariantFacts("t", 0.95), "cheap", new ClassMix.VariantFacts("t", 0.85)));

  private static final Forecaster NO_FORECAST = new Forecaster() {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
      return new Forecast(history.end(), history.step(), new double[] {0}, new double[] {0}, 0.95);
    }
  };

  private static final List<ForecastedVariant> VARIANTS = List.of(
      new ForecastedVariant("good", List.of(GOOD), NO_FORECAST, NO_HISTORY, 100, 100),
      new ForecastedVariant("cheap", List.of(CHEAP), NO_FORECAST, NO_HISTORY, 100, 100));

  /** The classes over good and cheap, good's p99 alone 10 ms and cheap's {@code cheapP99Ms}; cheap costs half as much alone. */
  private static Consolidation consolidation(ClassMix mix, double cheapP99Ms) {
    return Consolidation.of(mix, VARIANTS, Map.of("good", 10.0, "cheap", cheapP99Ms), Map.of("good", 2.0, "cheap", 1.0),
        CortadoScaling.Settings.defaults());
  }

  private static Consolidation consolidation(double cheapP99Ms) {
    return consolidation(MIX, cheapP99Ms);
  }

  private static CortadoScaling policy(ClassMix mix) {
    return new CortadoScaling(VARIANTS, CortadoScaling.Settings.defaults(), consolidation(mix, 5.0));
  }

  /** One second in which {@code good} and {@code cheap} got these arrivals, with these READY instances, nothing queued. */
  private static ScalingContext tick(long good, int goodReady, long cheap, int cheapReady) {
    return new ScalingContext(Duration.ofSeconds(1), List.of(
        new VariantObservation("good", InstanceSize.cpu(1), goodReady, 0, good, 0, 0, good, 1, 1),
        new VariantObservation("cheap", InstanceSize.cpu(1), cheapReady, 0, cheap, 0, 0, cheap, 1, 1)), 64);
  }

  /** {@link #tick(long, int, long, int)} in a world that reports the classes it learned from the requests: {@code learned}. */
  private static ScalingContext tick(long good, int goodReady, long cheap, int cheapReady, ClassMix learned) {
    ScalingContext t = tick(good, goodReady, cheap, cheapReady);
    return new ScalingContext(t.tick(), t.variants(), t.coreBudget(), Optional.of(learned));
  }

  private static Instant at(long seconds) {
    return Instant.EPOCH.plusSeconds(seconds);
  }

  private static ScalingDecision.Target of(ScalingDecision d, String variant) {
    return d.targets().stream().filter(t -> t.variant().equals(variant)).findFirst().orElseThrow();
  }

  /** Drives 20 requests/s (10 per class, each on its home) until a class moves; returns the second it moved. */
  private static long consolidate(CortadoScaling p) {
    for (long s = 1; s <= 60; s++) {
      p.decide(tick(10, 1, 10, 1), at(s));
      if (!p.routes().isEmpty()) {
        return s;
      }
    }
    throw new AssertionError("no class moved within 60 s");
  }

  @Test
  void at_low_load_the_thrifty_class_moves_onto_the_variant_that_runs_anyway_after_the_hold_and_its_own_goes_to_zero() {
    CortadoScaling p = policy(MIX);
    // Each class on its home costs two instances; both on good cost one: half, under the 0.9 gain. Held 30 s from t = 1.
    assertThat(consolidate(p)).isEqualTo(31);
    assertThat(p.routes()).isEqualTo(Map.of("thrifty", Map.of("good", 1.0)));
    long version = p.routesVersion();
    // The router now sends thrifty to good: cheap sees nothing and, holding no work, goes to zero at once.
    ScalingDecision d = p.decide(tick(20, 1, 0, 1), at(32));
    assertThat(of(d, "cheap").instances()).isZero();
    assertThat(of(d, "cheap").reason()).contains("every class it served is served by another variant now (class thrifty on good)");
    assertThat(of(d, "good").instances()).isEqualTo(1);
    assertThat(of(d, "good").reason()).contains("also serves class thrifty");
    assertThat(p.routesVersion()).isEqualTo(version);
  }

  @Test
  void a_variant_whose_classes_moved_keeps_its_instances_while_it_still_holds_work() {
    CortadoScaling p = policy(MIX);
    consolidate(p);
    ScalingDecision d = p.decide(new ScalingContext(Duration.ofSeconds(1), List.of(
        new VariantObservation("good", InstanceSize.cpu(1), 1, 0, 20, 0, 0, 20, 1, 1),
        new VariantObservation("cheap", InstanceSize.cpu(1), 1, 0, 0, 0.5, 3, 0, 1, 1)), 64), at(40));
    assertThat(of(d, "cheap").instances()).isEqualTo(1);
  }

  @Test
  void when_the_load_grows_the_class_goes_home_only_once_its_home_has_ready_instances() {
    CortadoScaling p = policy(MIX);
    consolidate(p);
    // 400/s, all on good: together 400 / 80 = 5 instances of good; apart 200 / 80 -> 3 of good and 200 / 320 -> 1 of cheap: 4,
    // at most 0.9 of 5. From t = 40 on, held 30 s: at t = 70 cheap is asked for one instance first, and the route stays.
    for (long s = 40; s < 70; s++) {
      ScalingDecision d = p.decide(tick(400, 5, 0, 0), at(s));
      assertThat(of(d, "cheap").instances()).as("t = %d: %s", s, of(d, "cheap").reason()).isZero();
    }
    ScalingDecision d = p.decide(tick(400, 5, 0, 0), at(70));
    assertThat(of(d, "cheap").instances()).isEqualTo(1);
    assertThat(of(d, "cheap").reason()).contains("1 instance(s) ready before a request class moves here");
    assertThat(p.routes()).containsKey("thrifty");
    // Still starting: the class stays on good.
    p.decide(tick(400, 5, 0, 0), at(71));
    assertThat(p.routes()).containsKey("thrifty");
    // READY: the class goes home, to the selector again.
    p.decide(tick(400, 5, 0, 1), at(72));
    assertThat(p.routes()).isEmpty();
  }

  @Test
  void a_cheaper_assignment_must_hold_without_a_break() {
    CortadoScaling p = policy(MIX);
    for (long s = 1; s <= 20; s++) {
      p.decide(tick(10, 1, 10, 1), at(s));
    }
    // One tick at 1,000/s: apart (500 / 80 -> 7 of good, 500 / 320 -> 2 of cheap = 9) costs less than together
    // (1000 / 80 -> 13), so moving is not cheaper and the hold starts over once the load is low again; without the
    // break the class would have moved at t = 31.
    p.decide(tick(500, 1, 500, 1), at(21));
    long moved = 0;
    for (long s = 22; s <= 90 && moved == 0; s++) {
      p.decide(tick(10, 7, 10, 2), at(s));
      moved = p.routes().isEmpty() ? 0 : s;
    }
    assertThat(moved).isGreaterThanOrEqualTo(22 + 30);
    assertThat(p.routes()).containsKey("thrifty");
  }

  @Test
  void without_known_classes_nothing_moves() {
    CortadoScaling p = policy(ClassMix.unknown());
    for (long s = 1; s <= 120; s++) {
      ScalingDecision d = p.decide(tick(10, 1, 10, 1), at(s));
      assertThat(of(d, "cheap").instances()).isEqualTo(1);
    }
    assertThat(p.routes()).isEmpty();
    assertThat(p.routesVersion()).isZero();
  }

  @Test
  void a_class_only_one_variant_may_serve_never_moves_and_is_the_home_variant_ranks_by_cost_alone() {
    Consolidation c = consolidation(5.0);
    // accurate: only good meets 0.9; thrifty: cheap costs less alone, good may host it. Shares normalised.
    Consolidation.Outcome o = c.decide(at(1), 20, 0, Map.of(
        "good", new Consolidation.Load(GOOD, 1, 100), "cheap", new Consolidation.Load(CHEAP, 1, 100)));
    assertThat(o.moved()).isEmpty();
    assertThat(o.emptied()).isEmpty();
    // cheap's p99 alone over thrifty's SLO: no class has a host, nothing may ever move.
    Consolidation none = consolidation(500.0);
    for (long s = 1; s <= 60; s++) {
      assertThat(none.decide(at(s), 20, 0, Map.of("good", new Consolidation.Load(GOOD, 1, 100))).moved()).isEmpty();
    }
  }

  @Test
  void a_moved_class_is_still_forecast_at_its_home_and_its_home_forecast_goes_where_it_is_served() {
    Consolidation c = consolidation(5.0);
    Map<String, Consolidation.Load> low = Map.of(
        "good", new Consolidation.Load(GOOD, 1, 100), "cheap", new Consolidation.Load(CHEAP, 1, 100));
    // Before any move, arrivals are their own and no forecast moves.
    assertThat(c.arrivalsByHome(Map.of("good", 20L, "cheap", 6L))).isEqualTo(Map.of("good", 20.0, "cheap", 6.0));
    assertThat(c.forecastMovedIn(Map.of("good", 5.0, "cheap", 8.0))).isEmpty();
    for (long s = 1; s <= 31; s++) {
      c.decide(at(s), 20, 0, low);
    }
    assertThat(c.decide(at(32), 20, 0, low).moved()).isEqualTo(Map.of("thrifty", "good"));
    // good now serves both classes, half each: half of its arrivals are thrifty's, recorded at thrifty's home.
    assertThat(c.arrivalsByHome(Map.of("good", 20L, "cheap", 0L))).isEqualTo(Map.of("good", 10.0, "cheap", 10.0));
    // cheap's forecast is all thrifty's, which good serves now.
    assertThat(c.forecastMovedIn(Map.of("good", 5.0, "cheap", 8.0))).isEqualTo(Map.of("good", 8.0));
  }

  @Test
  void classes_learned_tick_by_tick_move_as_given_ones_do_and_a_class_no_longer_seen_goes_back_to_the_selector() {
    CortadoScaling p = policy(ClassMix.unknown());
    long moved = 0;
    for (long s = 1; s <= 60 && moved == 0; s++) {
      p.decide(tick(10, 1, 10, 1, MIX), at(s));
      moved = p.routes().isEmpty() ? 0 : s;
    }
    assertThat(moved).isEqualTo(31);
    assertThat(p.routes()).isEqualTo(Map.of("thrifty", Map.of("good", 1.0)));
    // The shares move with the traffic; the classes are the same, so the move stands.
    ClassMix moreThrifty = new ClassMix(List.of(new ClassMix.ClassShare("accurate", "t", 100, 0.9, 0.3),
        new ClassMix.ClassShare("thrifty", "t", 100, 0.8, 0.7)), MIX.variants());
    ScalingDecision d = p.decide(tick(20, 1, 0, 1, moreThrifty), at(32));
    assertThat(p.routes()).containsKey("thrifty");
    assertThat(of(d, "cheap").instances()).isZero();
    // No thrifty request seen lately: its move is forgotten, and cheap is no longer emptied for it.
    ClassMix onlyAccurate = new ClassMix(List.of(new ClassMix.ClassShare("accurate", "t", 100, 0.9, 1)), MIX.variants());
    d = p.decide(tick(20, 1, 0, 0, onlyAccurate), at(33));
    assertThat(p.routes()).isEmpty();
    assertThat(of(d, "cheap").reason()).doesNotContain("every class it served");
  }

  @Test
  void requests_bound_to_a_variant_keep_it_in_use_so_no_class_is_moved_off_it_to_empty_it() {
    // A third of the traffic names cheap itself (a model request, or a cost ceiling): cheap runs for it anyway, so moving
    // thrifty onto good saves nothing (one instance each either way), and cheap is never emptied.
    ClassMix withDirect = new ClassMix(MIX.classes(), MIX.variants(), Map.of("cheap", 0.5));
    CortadoScaling p = policy(ClassMix.unknown());
    for (long s = 1; s <= 120; s++) {
      ScalingDecision d = p.decide(tick(10, 1, 20, 1, withDirect), at(s));
      assertThat(of(d, "cheap").instances()).as("t = %d", s).isEqualTo(1);
    }
    assertThat(p.routes()).isEmpty();
    // The same traffic with nothing bound to cheap: thrifty moves and cheap is emptied.
    CortadoScaling free = policy(ClassMix.unknown());
    for (long s = 1; s <= 31; s++) {
      free.decide(tick(10, 1, 20, 1, MIX), at(s));
    }
    assertThat(free.routes()).containsKey("thrifty");
  }
}
