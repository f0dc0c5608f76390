package dev.cortado.control.selection;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The steps both selectors share: the task's candidates and their estimates, the hard filters
 * (accuracy floor, cost ceiling, p99 within the SLO with an empty queue), and the messages of the two
 * errors. A selector differs only in how it picks among {@link #feasible()}.
 */
final class Screening {
  private static final int LISTED = 4;

  private final Query query;
  private final SelectionContext context;
  private final List<Estimate> ofTask;
  private final List<Estimate> feasible;

  private Screening(Query query, SelectionContext context, List<Estimate> ofTask) {
    this.query = query;
    this.context = context;
    this.ofTask = ofTask;
    this.feasible = ofTask.stream().filter(e -> meetsAccuracy(e) && meetsCost(e) && e.everFits(query)).toList();
  }

  static Screening of(Query query, SelectionContext context) {
    List<Estimate> ofTask = context.candidates().stream()
        .filter(c -> c.task().equals(query.task()))
        .map(c -> Estimate.of(c, context.loadOf(c.variant()), context.cost(), context.freeCores()))
        .toList();
    return new Screening(query, context, ofTask);
  }

  /** Candidates that meet the accuracy floor and cost ceiling and could meet the SLO on an idle instance. */
  List<Estimate> feasible() {
    return feasible;
  }

  /** The query with its bounds, for reasons and messages: "task 'x' (accuracy >= 0.9 within 50 ms)". */
  String describe() {
    String task = "task '" + query.task() + "'";
    return bounds().isEmpty() ? task : task + " (" + bounds() + ")";
  }

  /** The query's bounds: "accuracy >= 0.9 within 50 ms at cost <= 0.01 per 1k", empty when none. */
  private String bounds() {
    List<String> bounds = new ArrayList<>();
    query.minAccuracy().ifPresent(a -> bounds.add("accuracy >= " + num(a)));
    query.latencySloMs().ifPresent(ms -> bounds.add("within " + num(ms) + " ms"));
    query.maxCostPer1k().ifPresent(c -> bounds.add("at cost <= " + num(c) + " per 1k"));
    return String.join(" ", bounds);
  }

  /**
   * Infeasible when no variant of the task can ever meet the query, naming the nearest: the one
   * that needs the least relaxation of the query, summed over the bounds it misses, each relative to
   * the bound ({@code (floor - accuracy) / floor}, {@code (p99 - SLO) / SLO},
   * {@code (cost - ceiling) / ceiling}); ties go to the more accurate, then the faster, then the name.
   */
  Optional<Selection.Infeasible> infeasible() {
    if (ofTask.isEmpty()) {
      TreeSet<String> tasks = new TreeSet<>();
      context.candidates().forEach(c -> tasks.add(c.task()));
      return Optional.of(new Selection.Infeasible("no variant serves task '" + query.task() + "'"
          + (tasks.isEmpty() ? "; no task has variants" : "; tasks with variants: " + String.join(", ", tasks))));
    }
    if (!feasible.isEmpty()) {
      return Optional.empty();
    }
    Estimate nearest = ofTask.stream()
        .min(Comparator.comparingDouble(this::relaxation)
            .thenComparing(Comparator.comparingDouble(Estimate::accuracy).reversed())
            .thenComparingDouble(Estimate::computeMs)
            .thenComparing(Estimate::variant))
        .orElseThrow();
    String cost = query.maxCostPer1k().isPresent() ? ", cost " + num(nearest.costPer1k()) + " per 1k" : "";
    return Optional.of(new Selection.Infeasible("no variant of task '" + query.task() + "' meets " + bounds()
        + "; nearest: " + nearest.variant()
        + " (accuracy " + num(nearest.accuracy()) + ", p99 " + num(nearest.computeMs()) + " ms" + cost + ")"));
  }

  /** How far a variant is from meeting the query: the relative shortfalls on the bounds it misses, summed. */
  private double relaxation(Estimate e) {
    double floor = query.accuracyFloor();
    double sum = meetsAccuracy(e) ? 0 : (floor - e.accuracy()) / floor;
    if (!e.everFits(query)) {
      double slo = query.latencySloMs().getAsDouble();
      sum += (e.computeMs() - slo) / slo;
    }
    if (!meetsCost(e)) {
      double ceiling = query.maxCostPer1k().getAsDouble();
      sum += ceiling == 0 ? Double.POSITIVE_INFINITY : (e.costPer1k() - ceiling) / ceiling;
    }
    return sum;
  }

  /** Feasible variants exist, but none can answer in time now: say what each would take. */
  Selection.Overloaded overloaded(String rule) {
    List<Estimate> byWait = feasible.stream()
        .sorted(Comparator.comparing((Estimate e) -> !e.startable())
            .thenComparingDouble(Estimate::predictedMs)
            .thenComparing(Estimate::variant))
        .toList();
    List<String> parts = byWait.stream().limit(LISTED).map(this::explain).toList();
    String more = byWait.size() > LISTED ? "; and " + (byWait.size() - LISTED) + " more" : "";
    return new Selection.Overloaded("no variant of " + describe() + " can answer in time under the current load (" + rule
        + "): " + String.join("; ", parts) + more);
  }

  private boolean meetsAccuracy(Estimate e) {
    return e.accuracy() >= query.accuracyFloor();
  }

  private boolean meetsCost(Estimate e) {
    return query.withinCost(e.costPer1k());
  }

  private String explain(Estimate e) {
    VariantLoad load = e.load();
    if (e.ready()) {
      return e.variant() + " " + num(e.predictedMs()) + " ms (queue " + num(e.queueMs()) + " ms + p99 " + num(e.computeMs())
          + " ms; " + load.readyInstances() + " ready, " + load.outstandingRequests() + " outstanding)";
    }
    if (!e.startable()) {
      return e.variant() + " not running and cannot start (needs " + e.candidate().threads() + " core(s), "
          + context.freeCores() + " free)";
    }
    return e.variant() + " " + num(e.predictedMs()) + " ms (cold start " + num(e.coldStartMs()) + " ms + queue "
        + num(e.queueMs()) + " ms + p99 " + num(e.computeMs()) + " ms)";
  }

  /** Four significant digits, no exponent, no trailing zeros: 0.9202, 4.1, 1520, 0.0006. */
  static String num(double v) {
    return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
