package dev.cortado.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.control.scaling.ClassMix;
import dev.cortado.server.routing.RequestClasses;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassWindowTest {
  static final RequestClasses.Key FAST = new RequestClasses.Key("t", 50, 0.85);
  static final RequestClasses.Key GOOD = new RequestClasses.Key("t", 100, 0.9);
  static final Map<String, ClassMix.VariantFacts> FACTS = Map.of("cnn", new ClassMix.VariantFacts("t", 0.92),
      "mlp", new ClassMix.VariantFacts("t", 0.85));

  static Instant at(long s) {
    return Instant.EPOCH.plusSeconds(s);
  }

  @Test
  void shares_are_of_all_arrivals_and_what_no_class_accounts_for_stays_bound_to_its_variant() {
    ClassWindow w = new ClassWindow(Duration.ofSeconds(60));
    // cnn got 30: 20 of GOOD, 10 named it directly; mlp got 10 of FAST.
    w.add(at(1), Map.of("cnn", 30L, "mlp", 10L), Map.of(new RequestClasses.Sent(GOOD, "cnn"), 20L,
        new RequestClasses.Sent(FAST, "mlp"), 10L));
    ClassMix mix = w.mix(FACTS);
    assertThat(mix.classes()).containsExactly(
        new ClassMix.ClassShare(FAST.name(), "t", 50, 0.85, 0.25),
        new ClassMix.ClassShare(GOOD.name(), "t", 100, 0.9, 0.5));
    assertThat(mix.direct()).isEqualTo(Map.of("cnn", 0.25));
    assertThat(mix.variants()).isEqualTo(FACTS);
    assertThat(w.keys()).isEqualTo(Map.of(FAST.name(), FAST, GOOD.name(), GOOD));
  }

  @Test
  void ticks_older_than_the_window_are_forgotten_and_no_classed_request_means_no_classes() {
    ClassWindow w = new ClassWindow(Duration.ofSeconds(60));
    w.add(at(1), Map.of("mlp", 10L), Map.of(new RequestClasses.Sent(FAST, "mlp"), 10L));
    w.add(at(60), Map.of("mlp", 5L), Map.of());
    assertThat(w.mix(FACTS).classes()).extracting(ClassMix.ClassShare::share).containsExactly(10 / 15.0);
    w.add(at(61), Map.of("mlp", 5L), Map.of());
    assertThat(w.mix(FACTS)).isEqualTo(ClassMix.unknown());
    assertThat(w.keys()).isEmpty();
  }

  @Test
  void the_same_traffic_gives_the_same_mix_whatever_order_it_was_counted_in() {
    ClassWindow a = new ClassWindow(Duration.ofSeconds(60));
    ClassWindow b = new ClassWindow(Duration.ofSeconds(60));
    a.add(at(1), Map.of("cnn", 20L, "mlp", 10L), Map.of(new RequestClasses.Sent(GOOD, "cnn"), 20L));
    a.add(at(2), Map.of("mlp", 10L), Map.of(new RequestClasses.Sent(FAST, "mlp"), 10L));
    b.add(at(1), Map.of("mlp", 10L), Map.of(new RequestClasses.Sent(FAST, "mlp"), 10L));
    b.add(at(2), Map.of("cnn", 20L, "mlp", 10L), Map.of(new RequestClasses.Sent(GOOD, "cnn"), 20L));
    assertThat(a.mix(FACTS)).isEqualTo(b.mix(FACTS));
    assertThat(a.mix(FACTS).classes()).extracting(ClassMix.ClassShare::name).containsExactly(FAST.name(), GOOD.name());
  }
}
