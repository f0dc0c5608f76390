package dev.cortado.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.selection.Query;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestClassesTest {
  static final Query TASK = Query.forTask("image-classification");

  @Test
  void a_class_is_at_least_as_strict_as_every_request_in_it() {
    RequestClasses.Key k = RequestClasses.Key.of(TASK.withLatencySloMs(49.97).withMinAccuracy(0.8901)).orElseThrow();
    assertThat(k).isEqualTo(new RequestClasses.Key("image-classification", 49.9, 0.891));
    assertThat(k.name()).isEqualTo("image-classification (slo 49.9 ms, accuracy >= 0.891)");
    // Exact bounds stay as they are; a floor given as 0.9 is not pushed up by its binary rounding.
    assertThat(RequestClasses.Key.of(TASK.withLatencySloMs(50).withMinAccuracy(0.9)).orElseThrow())
        .isEqualTo(new RequestClasses.Key("image-classification", 50, 0.9));
    // No SLO: any latency; no floor: 0. An SLO under a tenth of a millisecond is kept, not rounded to 0.
    assertThat(RequestClasses.Key.of(TASK).orElseThrow().name()).isEqualTo("image-classification (slo any, accuracy >= 0.000)");
    assertThat(RequestClasses.Key.of(TASK.withLatencySloMs(0.05)).orElseThrow().sloMs()).isEqualTo(0.05);
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
      classes.record(RequestClasses.Key.of(TASK.withLatencySloMs(10 + i)).orElseThrow(), "x");
    }
    RequestClasses.Key first = RequestClasses.Key.of(TASK.withLatencySloMs(10)).orElseThrow();
    classes.record(RequestClasses.Key.of(TASK.withLatencySloMs(9)).orElseThrow(), "x");
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
