package dev.cortado.control.selection;

import static dev.cortado.control.selection.Fleet.FASHION;
import static dev.cortado.control.selection.Fleet.MEDIUM;
import static dev.cortado.control.selection.Fleet.SMALL;
import static dev.cortado.control.selection.Fleet.allReady;
import static dev.cortado.control.selection.Fleet.loads;
import static dev.cortado.control.selection.Fleet.query;
import static dev.cortado.control.selection.Fleet.ready;
import static dev.cortado.control.selection.Fleet.starting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.control.TestProfiles;
import dev.cortado.control.cost.CostModel;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.testing.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The numbers and messages a selection carries. */
class SelectionDetailsTest {
  private static final CostModel CLOUD_RUN = CostModel.cloudRunDefaults();

  private final ManualClock clock = ManualClock.atEpoch();
  private final CortadoSelector cortado = new CortadoSelector();

  private Selection select(List<Candidate> fleet, Query query, Map<String, VariantLoad> loads, int freeCores) {
    return cortado.select(query, new SelectionContext(fleet, loads, CLOUD_RUN, freeCores), clock.instant());
  }

  @Test
  void an_idle_instance_predicts_its_p99_and_the_cost_of_a_request_served_alone() {
    Selection s = select(List.of(SMALL), query().withLatencySloMs(50), allReady(List.of(SMALL)), 0);
    Selection.Chosen c = (Selection.Chosen) s;
    assertThat(c.predictedLatencyMs()).isEqualTo(3.0);
    assertThat(c.queueMs()).isZero();
    // 1000 * 0.002 s * (0.000024 + 0.25 GiB * 0.0000025)
    assertThat(c.costPer1k()).isCloseTo(4.925e-5, within(1e-15));
    assertThat(c.reason()).isEqualTo("cheapest of 1 READY variant(s) that fit task 'fashion' (within 50 ms) under the current load");
  }

  @Test
  void the_queue_drains_in_full_batches_then_the_rest() {
    // 17 outstanding on 2 instances: 9 ahead = one batch of 8 (8 ms) + one of 1 (2 ms).
    Selection.Chosen c = (Selection.Chosen) select(List.of(SMALL), query().withLatencySloMs(50), loads(ready("small", 2, 17)), 0);
    assertThat(c.queueMs()).isCloseTo(10.0, within(1e-9));
    assertThat(c.predictedLatencyMs()).isCloseTo(13.0, within(1e-9));
  }

  @Test
  void without_batching_the_queue_is_the_work_ahead_times_the_median() {
    Candidate single = new Candidate("single", Fleet.TASK, 0.8, 1, TestProfiles.profile("single", 1, 256, 300, 2, 3));
    Selection.Chosen c = (Selection.Chosen) select(List.of(single), query(), loads(ready("single", 1, 3)), 0);
    assertThat(c.queueMs()).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void a_cold_start_adds_the_profiled_cold_start() {
    Selection.ColdStart c = (Selection.ColdStart) select(List.of(MEDIUM), query().withLatencySloMs(1000), Map.of(), 1);
    assertThat(c.coldStartMs()).isEqualTo(600.0);
    assertThat(c.predictedLatencyMs()).isEqualTo(608.0);
    assertThat(c.reason()).endsWith("starts an instance");
  }

  @Test
  void joining_a_starting_instance_waits_for_its_queue_too() {
    // 2 outstanding on the starting instance: a batch of 2 at 5 + 15/7 ms.
    Selection.ColdStart c = (Selection.ColdStart) select(List.of(MEDIUM), query().withLatencySloMs(1000),
        loads(starting("medium", 1, 2)), 0);
    assertThat(c.predictedLatencyMs()).isCloseTo(600 + 5 + 15.0 / 7 + 8, within(1e-9));
    assertThat(c.reason()).endsWith("joins an instance already starting");
  }

  @Test
  void infeasible_names_the_query_and_the_nearest_variant_as_invalid_argument() {
    Selection.Infeasible i = (Selection.Infeasible) select(FASHION, query().withMinAccuracy(0.95).withLatencySloMs(5),
        allReady(FASHION), 4);
    assertThat(i.message()).isEqualTo(
        "no variant of task 'fashion' meets accuracy >= 0.95 within 5 ms; nearest: small (accuracy 0.85, p99 3 ms)");
    CortadoException e = i.toError();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(e.getMessage()).isEqualTo(i.message());
  }

  @Test
  void overloaded_says_what_each_variant_would_take_as_resource_exhausted() {
    Selection.Overloaded o = (Selection.Overloaded) select(List.of(SMALL, MEDIUM), query().withLatencySloMs(30),
        loads(ready("small", 1, 40)), 0);
    assertThat(o.message()).isEqualTo("no variant of task 'fashion' (within 30 ms) can answer in time under the current load"
        + " (no READY variant fits and no cold start fits in time with the free cores): small 43 ms (queue 40 ms + p99 3 ms;"
        + " 1 ready, 40 outstanding); medium not running and cannot start (needs 1 core(s), 0 free)");
    assertThat(o.toError().code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
  }

  @Test
  void infaas_reports_a_cold_start_that_misses_the_slo() {
    Selection.ColdStart c = (Selection.ColdStart) new InfaasSelector().select(query().withLatencySloMs(100),
        new SelectionContext(List.of(Fleet.LARGE), Map.of(), CLOUD_RUN, 2), clock.instant());
    assertThat(c.predictedLatencyMs()).isEqualTo(1520.0);
    assertThat(c.reason()).endsWith("(its cold start misses the SLO)");
  }

  @Test
  void candidates_of_other_tasks_are_not_considered() {
    Candidate other = new Candidate("asr", "speech", 0.99, 8, TestProfiles.profile("asr", 1, 64, 10, 0.5, 0.6));
    Selection.Chosen c = (Selection.Chosen) select(List.of(other, MEDIUM), query(), loads(ready("asr", 1, 0), ready("medium", 1, 0)), 0);
    assertThat(c.variant()).isEqualTo("medium");
  }

  @Test
  void selectors_are_found_by_name() {
    assertThat(Selectors.byName("cortado")).isInstanceOf(CortadoSelector.class).extracting(VariantSelector::name).isEqualTo("cortado");
    assertThat(Selectors.byName("infaas")).isInstanceOf(InfaasSelector.class).extracting(VariantSelector::name).isEqualTo("infaas");
    assertThat(Selectors.NAMES).containsExactly("cortado", "infaas");
  }

  @Test
  void an_unknown_selector_name_lists_the_known_ones() {
    CortadoException e = catchThrowableOfType(CortadoException.class,
        () -> Selectors.byName("random"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(e).hasMessage("unknown variant selector 'random'; known selectors: cortado, infaas");
  }

  @Test
  void the_time_given_is_not_read_from_a_clock() {
    Instant far = Instant.parse("2100-01-01T00:00:00Z");
    Query q = query().withLatencySloMs(50);
    SelectionContext ctx = new SelectionContext(FASHION, allReady(FASHION), CLOUD_RUN, 4);
    assertThat(cortado.select(q, ctx, far)).isEqualTo(cortado.select(q, ctx, clock.instant()));
  }
}
