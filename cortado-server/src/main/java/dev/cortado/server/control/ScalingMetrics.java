package dev.cortado.server.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control loop's Prometheus metrics: {@code cortado_scaling_actions_total{action,variant}} (actions
 * applied), {@code cortado_scaling_refusals_total{variant}} (actions the cluster refused),
 * {@code cortado_scaling_tick_failures_total}, the gauge {@code cortado_scaling_target_instances{variant}}
 * and the gauges {@code cortado_request_classes} (the request classes seen over the class window)
 * and {@code cortado_request_classes_moved} (those the autoscaler moved onto another variant).
 */
public final class ScalingMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> targets = new ConcurrentHashMap<>();
  private final Counter tickFailures;
  private final AtomicInteger classesSeen = new AtomicInteger();
  private final AtomicInteger classesMoved = new AtomicInteger();

  public ScalingMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.tickFailures = Counter.builder("cortado_scaling_tick_failures")
        .description("Control loop ticks that failed (logged; the loop goes on)").register(registry);
    Gauge.builder("cortado_request_classes", classesSeen, AtomicInteger::get)
        .description("Request classes (task, SLO, accuracy floor) the router sent over the class window").register(registry);
    Gauge.builder("cortado_request_classes_moved", classesMoved, AtomicInteger::get)
        .description("Request classes the autoscaler moved onto a variant that runs anyway").register(registry);
  }

  /** The request classes seen over the class window, and how many of them are moved now. */
  public void classes(int seen, int moved) {
    classesSeen.set(seen);
    classesMoved.set(moved);
  }

  /** An action the cluster applied: {@code start}, {@code stop} or {@code resize}. */
  public void applied(String action, String variant) {
    counter("cortado_scaling_actions", "Scaling actions applied, by action and variant", Tags.of("action", action, "variant", variant))
        .increment();
  }

  public void refused(String variant) {
    counter("cortado_scaling_refusals", "Scaling actions the cluster refused", Tags.of("variant", variant)).increment();
  }

  public void target(String variant, int instances) {
    targets.computeIfAbsent(variant, v -> {
      AtomicInteger value = new AtomicInteger();
      Gauge.builder("cortado_scaling_target_instances", value, AtomicInteger::get)
          .description("Instances the autoscaler wants for a variant").tags("variant", v).register(registry);
      return value;
    }).set(instances);
  }

  public void tickFailed() {
    tickFailures.increment();
  }

  private Counter counter(String name, String description, Tags tags) {
    return counters.computeIfAbsent(name + tags, k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
