package dev.cortado.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.selection.Query;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestClassesTest {
  static final Query TASK = Query.forTask("image-classification");

  @Test
  void a_class_is_at_least_as_strict_as_every_request_in_it() {
    RequestClasses.Key k = RequestClasses.Key.of(TASK.withLatencySloMs(49.97).withMinAccuracy(0.8901)).orElseThrow();
    assertThat(k).isEqualTo(new RequestClasses.Key("image-classification", 40, 0.891));
    assertThat(k.name()).isEqualTo("image-classification (slo 40 ms, accuracy >= 0.891)");
    // Exact bounds stay as they are; a floor given as 0.9 is not pushed up by its binary rounding.
    assertThat(RequestClasses.Key.of(TASK.withLatencySloMs(50).withMinAccuracy(0.9)).orElseThrow())
        .isEqualTo(new RequestClasses.Key("image-classification", 50, 0.9));
    // No SLO: any latency; no floor: 0.
    assertThat(RequestClasses.Key.of(TASK).orElseThrow().name()).isEqualTo("image-classification (slo any, accuracy >= 0.000)");
  }

  @Test
  void slos_round_down_to_a_grid_of_ten_steps_a_decade_so_a_pipeline_stage_time_left_makes_few_classes() {
    assertThat(List.of(0.05, 0.3, 1.0, 1.19, 1.2, 99.99, 100.0, 119.0, 120.0, 799.0, 800.0, 2500.0, 3.7e9, 1.3e-5))
        .extracting(RequestClasses.Key::sloStep)
        .containsExactly(0.05, 0.3, 1.0, 1.0, 1.2, 80.0, 100.0, 100.0, 120.0, 600.0, 800.0, 2500.0, 3e9, 1.2e-5);
    // Time left anywhere from 10 to 100 ms: ten classes.
    java.util.Set<Double> steps = new java.util.TreeSet<>();
    for (double ms = 10; ms < 100; ms += 0.01) {
      steps.add(RequestClasses.Key.sloStep(ms));
    }
    assertThat(steps).containsExactly(10.0, 12.0, 15.0, 20.0, 25.0, 30.0, 40.0, 50.0, 60.0, 80.0);
  }

  @Test
  void a_query_with_a_cost_ceiling_has_no_class() {
    assertThat(RequestClasses.Key.of(TASK.withLatencySloMs(50).withMaxCostPer1k(0.01))).isEmpty();
  }

  @Test
  void counts_are_per_class_and_variant_and_start_again_after_a_drain() {
    RequestClasses classes = new RequestClasses();
    RequestClasses.Key a = RequestClasses.Key.of(TASK.withLatencySloMs(50)).orElseThrow();
    classes.record(a, "x");
    classes.record(a, "x");
    classes.record(a, "y");
    assertThat(classes.drain()).isEqualTo(Map.of(new RequestClasses.Sent(a, "x"), 2L, new RequestClasses.Sent(a, "y"), 1L));
    assertThat(classes.drain()).isEmpty();
  }

  @Test
  void past_the_cap_new_pairs_are_not_counted_and_known_ones_still_are() {
    RequestClasses classes = new RequestClasses();
    for (int i = 0; i < RequestClasses.MAX_COUNTED; i++) {
      classes.record(new RequestClasses.Key("t", 10 + i, 0), "x");
    }
    RequestClasses.Key first = new RequestClasses.Key("t", 10, 0);
    classes.record(new RequestClasses.Key("t", 9, 0), "x");
    classes.record(first, "x");
    Map<RequestClasses.Sent, Long> drained = classes.drain();
    assertThat(drained).hasSize(RequestClasses.MAX_COUNTED).containsEntry(new RequestClasses.Sent(first, "x"), 2L);
  }

  @Test
  void routes_are_what_was_last_published() {
    RequestClasses classes = new RequestClasses();
    RequestClasses.Key a = RequestClasses.Key.of(TASK.withLatencySloMs(50)).orElseThrow();
    assertThat(classes.routeOf(a)).isEmpty();
    classes.publish(Map.of(a, "x"));
    assertThat(classes.routeOf(a)).contains("x");
    classes.publish(Map.of());
    assertThat(classes.routeOf(a)).isEmpty();
  }
}
