package dev.cortado.server.control;

import dev.cortado.control.scaling.ClassMix;
import dev.cortado.server.routing.RequestClasses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The request classes a server saw over a sliding window of ticks, as the {@link ClassMix} its
 * autoscaler consolidates: each class with its share of all arrivals, and per variant the share of
 * its arrivals no class accounts for (requests that named the model, carried a cost ceiling, or
 * came past the count's cap), which must stay where they are. Classes are in order of task, SLO
 * and accuracy floor, so two windows with the same classes give the same mix. State follows from the calls; no clock is read.
 */
final class ClassWindow {
  private record Tick(Instant at, Map<String, Long> arrivals, Map<RequestClasses.Sent, Long> sent) {}

  private final Duration length;
  private final Deque<Tick> ticks = new ArrayDeque<>();

  /** @param length how far back classes and arrivals count */
  ClassWindow(Duration length) {
    this.length = Objects.requireNonNull(length, "length");
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("window = " + length + ", must be positive");
    }
  }

  /**
   * Adds the tick ending at {@code now} and forgets the ticks that ended {@code length} or more
   * before it.
   *
   * @param arrivals per variant, every request that arrived in the tick
   * @param sent per class and variant, the classed requests the router sent there in the tick
   */
  void add(Instant now, Map<String, Long> arrivals, Map<RequestClasses.Sent, Long> sent) {
    ticks.addLast(new Tick(now, Map.copyOf(arrivals), Map.copyOf(sent)));
    Instant from = now.minus(length);
    while (!ticks.getFirst().at().isAfter(from)) {
      ticks.removeFirst();
    }
  }

  /**
   * The classes of the window, by name, with the variants' facts; {@link ClassMix#unknown()} when
   * it saw no classed request.
   *
   * @param facts per variant that serves a task, its task and accuracy
   */
  ClassMix mix(Map<String, ClassMix.VariantFacts> facts) {
    Map<String, Long> arrivals = new LinkedHashMap<>();
    Map<RequestClasses.Key, Long> byClass = new TreeMap<>(Comparator.comparing(RequestClasses.Key::task)
        .thenComparingDouble(RequestClasses.Key::sloMs).thenComparingDouble(RequestClasses.Key::accuracyFloor));
    Map<String, Long> classedTo = new LinkedHashMap<>();
    for (Tick t : ticks) {
      t.arrivals().forEach((v, n) -> arrivals.merge(v, n, Long::sum));
      t.sent().forEach((s, n) -> {
        byClass.merge(s.key(), n, Long::sum);
        classedTo.merge(s.variant(), n, Long::sum);
      });
    }
    double total = arrivals.values().stream().mapToLong(Long::longValue).sum();
    if (byClass.isEmpty() || !(total > 0) || facts.isEmpty()) {
      return ClassMix.unknown();
    }
    var classes = byClass.entrySet().stream()
        .map(e -> new ClassMix.ClassShare(e.getKey().name(), e.getKey().task(), e.getKey().sloMs(), e.getKey().accuracyFloor(),
            e.getValue() / total))
        .toList();
    Map<String, Double> direct = new TreeMap<>();
    arrivals.forEach((v, n) -> {
      long bound = n - classedTo.getOrDefault(v, 0L);
      if (bound > 0) {
        direct.put(v, bound / total);
      }
    });
    return new ClassMix(classes, facts, direct);
  }

  /** The classes of the window, by the names {@link #mix} gave them. */
  Map<String, RequestClasses.Key> keys() {
    Map<String, RequestClasses.Key> out = new LinkedHashMap<>();
    for (Tick t : ticks) {
      t.sent().keySet().forEach(s -> out.putIfAbsent(s.key().name(), s.key()));
    }
    return out;
  }
}
