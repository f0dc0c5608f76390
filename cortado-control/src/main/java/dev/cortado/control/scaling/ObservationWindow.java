package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The recent values of one per-tick metric of one variant (Knative's and Ray's in-flight
 * requests), averaged over a trailing window: each value weighs as much as the tick it covers.
 * Values older than {@code span} are dropped as new ones arrive.
 */
final class ObservationWindow {
  private record Sample(Instant end, double seconds, double value) {}

  private final Duration span;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  ObservationWindow(Duration span) {
    this.span = Objects.requireNonNull(span, "span");
  }

  /** Records {@code value}, observed over the {@code seconds} that ended at {@code end}. */
  void record(Instant end, double seconds, double value) {
    samples.addLast(new Sample(end, seconds, value));
    Instant horizon = end.minus(span);
    while (!samples.getFirst().end().isAfter(horizon)) {
      samples.removeFirst();
    }
  }

  /**
   * The mean of the values whose ticks ended in {@code (now - window, now]}, weighted by tick
   * length; over the part of the window seen so far when it is younger than the window; 0 when
   * nothing was recorded in it.
   */
  double average(Instant now, Duration window) {
    Instant horizon = now.minus(window);
    double weighted = 0;
    double seconds = 0;
    for (Sample s : samples) {
      if (s.end().isAfter(horizon) && !s.end().isAfter(now)) {
        weighted += s.value() * s.seconds();
        seconds += s.seconds();
      }
    }
    return seconds > 0 ? weighted / seconds : 0;
  }
}
