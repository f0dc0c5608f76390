package dev.cortado.control.batching;

import static dev.cortado.control.batching.Scenario.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Admission on {@link BatchProfiles#linear()}: p99 of a batch of b is 1 + b ms, p95 0.5 + b. */
class AdmissionTest {
  record Case(String name, double quantile, double nowMs, double deadlineMs, int items, double marginMs, String rejection) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("fits with time to spare", 0.99, 0, 10, 1, 0, null),
        new Case("fits exactly", 0.99, 8, 10, 1, 0, null),
        new Case("a tenth of a millisecond short", 0.99, 8.1, 10, 1, 0,
            "cannot meet its deadline: it has 1.9 ms left and batch-1 inference alone takes 2 ms (p99) on linear"),
        new Case("its own items count", 0.99, 0, 4.5, 4, 0,
            "cannot meet its deadline: it has 4.5 ms left and batch-4 inference alone takes 5 ms (p99) on linear"),
        new Case("the margin counts", 0.99, 0, 3, 1, 1.5,
            "cannot meet its deadline: it has 3 ms left and batch-1 inference alone takes 2 ms (p99)"
                + " plus a learned safety margin of 1.5 ms on linear"),
        new Case("judged at p95", 0.95, 0, 1.5, 1, 0, null),
        new Case("deadline already passed", 0.99, 12, 10, 1, 0,
            "cannot meet its deadline: its deadline passed 2 ms ago and batch-1 inference alone takes 2 ms (p99) on linear"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void rejectsWhatCannotMeetItsDeadlineIfDispatchedNow(Case c) {
    Pending p = new Pending(0, ms(0), ms(c.deadlineMs()), 1, c.items());
    Optional<String> rejection = new Admission(c.quantile()).rejection(p, ms(c.nowMs()), BatchProfiles.linear(), c.marginMs());
    assertThat(rejection).isEqualTo(Optional.ofNullable(c.rejection()));
  }

  @Test
  void aNanosecondShortIsShort() {
    Pending p = new Pending(0, ms(0), ms(10), 1, 1);
    Admission admission = new Admission(0.99);
    assertThat(admission.rejection(p, ms(8), BatchProfiles.linear(), 0)).isEmpty();
    assertThat(admission.rejection(p, ms(8).plusNanos(1), BatchProfiles.linear(), 0)).isPresent();
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new Admission(0)).hasMessageContaining("quantile = 0");
  }
}
