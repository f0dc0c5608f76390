package dev.cortado.control.selection;

import static dev.cortado.control.selection.Fleet.FASHION;
import static dev.cortado.control.selection.Fleet.SAME_COST;
import static dev.cortado.control.selection.Fleet.TWINS;
import static dev.cortado.control.selection.Fleet.allReady;
import static dev.cortado.control.selection.Fleet.loads;
import static dev.cortado.control.selection.Fleet.query;
import static dev.cortado.control.selection.Fleet.ready;
import static dev.cortado.control.selection.Fleet.starting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.cost.CostModel;
import dev.cortado.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table, two columns of expectations: what Cortado's rule decides and what INFaaS's rule
 * decides for the same query, fleet and load. See {@link Fleet} for the variants' numbers.
 */
class SelectorTableTest {
  private static final Map<String, VariantLoad> NONE_RUNNING = Map.of();

  /** What a selection should be: its kind, and the variant chosen or a fragment of the message. */
  record Expect(Class<? extends Selection> kind, String text) {
    static Expect chosen(String variant) {
      return new Expect(Selection.Chosen.class, variant);
    }

    static Expect cold(String variant) {
      return new Expect(Selection.ColdStart.class, variant);
    }

    static Expect infeasible(String fragment) {
      return new Expect(Selection.Infeasible.class, fragment);
    }

    static Expect overloaded(String fragment) {
      return new Expect(Selection.Overloaded.class, fragment);
    }

    void check(Selection s) {
      assertThat(s).isInstanceOf(kind);
      switch (s) {
        case Selection.Chosen c -> assertThat(c.variant()).as(c.reason()).isEqualTo(text);
        case Selection.ColdStart c -> assertThat(c.variant()).as(c.reason()).isEqualTo(text);
        case Selection.Infeasible i -> assertThat(i.message()).contains(text);
        case Selection.Overloaded o -> assertThat(o.message()).contains(text);
      }
    }
  }

  record Case(String name, List<Candidate> fleet, Query query, Map<String, VariantLoad> loads, int freeCores, Expect cortado,
      Expect infaas) {
    SelectionContext context() {
      return new SelectionContext(fleet, loads, CostModel.cloudRunDefaults(), freeCores);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // Feasible: Cortado takes the cheapest that fits, INFaaS the one with least slack.
        new Case("all ready, loose SLO", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(50), allReady(FASHION), 4,
            Expect.chosen("small"), Expect.chosen("large")),
        new Case("accuracy floor rules out the cheapest", FASHION, query().withMinAccuracy(0.9).withLatencySloMs(50),
            allReady(FASHION), 4, Expect.chosen("medium"), Expect.chosen("large")),
        new Case("SLO rules out the slowest", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(10), allReady(FASHION), 4,
            Expect.chosen("small"), Expect.chosen("medium")),
        // Infeasible: no variant could ever meet the query.
        new Case("accuracy no variant has", FASHION, query().withMinAccuracy(0.95).withLatencySloMs(50), allReady(FASHION), 4,
            Expect.infeasible("nearest: large (accuracy 0.92, p99 20 ms)"),
            Expect.infeasible("nearest: large (accuracy 0.92, p99 20 ms)")),
        new Case("SLO far below every accurate variant: the fast one is nearer", FASHION,
            query().withMinAccuracy(0.9).withLatencySloMs(5), allReady(FASHION), 4,
            Expect.infeasible("nearest: small (accuracy 0.85, p99 3 ms)"),
            Expect.infeasible("nearest: small (accuracy 0.85, p99 3 ms)")),
        new Case("SLO just below an accurate variant: it is nearer", FASHION, query().withMinAccuracy(0.9).withLatencySloMs(7.8),
            allReady(FASHION), 4, Expect.infeasible("nearest: medium (accuracy 0.9, p99 8 ms)"),
            Expect.infeasible("nearest: medium (accuracy 0.9, p99 8 ms)")),
        new Case("unknown task", FASHION, Query.forTask("speech"), allReady(FASHION), 4,
            Expect.infeasible("no variant serves task 'speech'; tasks with variants: fashion"),
            Expect.infeasible("no variant serves task 'speech'")),
        // Cold only.
        new Case("nothing running, cold start fits", FASHION, query().withMinAccuracy(0.9).withLatencySloMs(1000), NONE_RUNNING, 4,
            Expect.cold("medium"), Expect.cold("medium")),
        new Case("nothing running, cold start misses the SLO", FASHION, query().withMinAccuracy(0.92).withLatencySloMs(100),
            NONE_RUNNING, 4, Expect.overloaded("large 1520 ms (cold start 1500 ms"), Expect.cold("large")),
        new Case("nothing running, no free cores", FASHION, query().withMinAccuracy(0.9).withLatencySloMs(1000), NONE_RUNNING, 0,
            Expect.overloaded("medium not running and cannot start (needs 1 core(s), 0 free)"),
            Expect.overloaded("cannot start")),
        new Case("an instance already starting needs no free cores", FASHION, query().withMinAccuracy(0.9).withLatencySloMs(1000),
            loads(starting("medium", 1, 0)), 0, Expect.cold("medium"), Expect.cold("medium")),
        new Case("READY preferred over a cheaper cold variant", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(1000),
            loads(ready("medium", 1, 0), ready("large", 1, 0)), 4, Expect.chosen("medium"), Expect.chosen("large")),
        // Overloaded: queues push the predicted latency past the SLO.
        new Case("cheapest overloaded, the next one fits", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(30),
            loads(ready("small", 1, 40), ready("medium", 1, 0)), 0, Expect.chosen("medium"), Expect.chosen("medium")),
        new Case("every queue too long", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(30),
            loads(ready("small", 1, 40), ready("medium", 1, 10), ready("large", 1, 2)), 0,
            Expect.overloaded("small 43 ms (queue 40 ms + p99 3 ms; 1 ready, 40 outstanding)"),
            Expect.overloaded("medium 35.14 ms")),
        new Case("overloaded and the cold alternative too slow", FASHION, query().withMinAccuracy(0.9).withLatencySloMs(1000),
            loads(ready("medium", 1, 400)), 4, Expect.overloaded("medium 1008 ms"), Expect.cold("large")),
        new Case("more instances spread the queue", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(30),
            loads(ready("small", 4, 40), ready("medium", 1, 0)), 0, Expect.chosen("small"), Expect.chosen("small")),
        // Ties.
        new Case("identical twins: the name decides", TWINS, query().withLatencySloMs(50), allReady(TWINS), 4,
            Expect.chosen("twin-a"), Expect.chosen("twin-a")),
        new Case("identical twins, both cold", TWINS, query().withLatencySloMs(1000), NONE_RUNNING, 4,
            Expect.cold("twin-a"), Expect.cold("twin-a")),
        new Case("same cost: the more accurate", SAME_COST, query().withLatencySloMs(50), allReady(SAME_COST), 4,
            Expect.chosen("better"), Expect.chosen("better")),
        // Cost ceiling.
        new Case("cost ceiling rules out the priciest", FASHION, query().withMinAccuracy(0.8).withLatencySloMs(50).withMaxCostPer1k(0.0002),
            allReady(FASHION), 4, Expect.chosen("small"), Expect.chosen("medium")),
        new Case("cost ceiling below every accurate variant", FASHION,
            query().withMinAccuracy(0.92).withLatencySloMs(50).withMaxCostPer1k(0.0002), allReady(FASHION), 4,
            Expect.infeasible("nearest: medium (accuracy 0.9, p99 8 ms, cost "),
            Expect.infeasible("nearest: medium (accuracy 0.9, p99 8 ms, cost ")),
        // No SLO: any latency fits.
        new Case("no SLO, long queues", FASHION, query().withMinAccuracy(0.9), loads(ready("medium", 1, 400), ready("large", 1, 400)), 0,
            Expect.chosen("medium"), Expect.chosen("large")),
        new Case("no bounds at all, nothing running", FASHION, query(), NONE_RUNNING, 4, Expect.cold("small"), Expect.cold("small")));
  }

  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cortado(Case c) {
    c.cortado().check(new CortadoSelector().select(c.query(), c.context(), clock.instant()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void infaas(Case c) {
    c.infaas().check(new InfaasSelector().select(c.query(), c.context(), clock.instant()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_decision_depends_on_the_state_not_on_the_time(Case c) {
    for (VariantSelector selector : List.of(new CortadoSelector(), new InfaasSelector())) {
      Selection before = selector.select(c.query(), c.context(), clock.instant());
      clock.advance(Duration.ofHours(1));
      assertThat(selector.select(c.query(), c.context(), clock.instant())).isEqualTo(before);
    }
  }
}
