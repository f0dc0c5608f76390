package dev.cortado.server.routing;

import dev.cortado.control.selection.Query;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request classes a live server learns from the task queries it routes, and where the
 * autoscaler wants each class sent. The router records every query it sends; the control loop
 * drains the counts once a tick, gives them to the autoscaler, and publishes the routes of the
 * classes it moved ({@link #publish}), which the router then follows.
 *
 * <p>A class is a task with the caller's bounds, made at least as strict as every request in it:
 * the SLO rounded down to a step of the grid 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of
 * ten (none given: any latency), and the accuracy floor rounded up to a thousandth. The grid keeps
 * the classes few where SLOs vary request by request (a pipeline's stage gets the time left), at
 * the price of a host that would just have met an SLO between two steps. A query with a cost
 * ceiling is not classed: a move may not raise its cost, so it stays where the selector sends it
 * and counts as bound to that variant. At most {@link #MAX_COUNTED} (class, variant) pairs are
 * counted; a query past that is not classed either.
 *
 * <p>Thread-safe: the router records from any thread, the control loop drains and publishes.
 */
public final class RequestClasses {
  /** The steps SLOs are rounded down to, times a power of ten. */
  private static final double[] SLO_GRID = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8};
  /** The grid's steps for SLOs from 1 µs to 10^7 ms, made once (classing a query is on the request path). */
  private static final int MIN_EXPONENT = -3;
  private static final double[][] SLO_STEPS = new double[11][];

  static {
    for (int row = 0; row < SLO_STEPS.length; row++) {
      SLO_STEPS[row] = new double[SLO_GRID.length];
      for (int i = 0; i < SLO_GRID.length; i++) {
        SLO_STEPS[row][i] = BigDecimal.valueOf(SLO_GRID[i]).scaleByPowerOfTen(row + MIN_EXPONENT).doubleValue();
      }
    }
  }

  /** The most (class, variant) pairs counted. */
  public static final int MAX_COUNTED = 256;

  /**
   * A request class.
   *
   * @param sloMs its latency SLO in milliseconds; infinite when its requests gave none
   * @param accuracyFloor the least accuracy its requests accept
   */
  public record Key(String task, double sloMs, double accuracyFloor) {
    public Key {
      Objects.requireNonNull(task, "task");
    }

    /** The class of {@code query}; empty when it has a cost ceiling (it may not be moved). */
    public static Optional<Key> of(Query query) {
      if (query.maxCostPer1k().isPresent()) {
        return Optional.empty();
      }
      double slo = query.latencySloMs().isPresent() ? sloStep(query.latencySloMs().getAsDouble()) : Double.POSITIVE_INFINITY;
      double floorUp = Math.max(0.0, Math.ceil(query.accuracyFloor() * 1000 - 1e-9) / 1000);
      return Optional.of(new Key(query.task(), slo, Math.min(1, floorUp)));
    }

    /** The largest step of the SLO grid at or below {@code ms} (> 0); exact decimals (120, not 120.00000000000001). */
    static double sloStep(double ms) {
      int exponent = (int) Math.floor(Math.log10(ms));
      double mantissa = exponent >= 0 ? ms / Math.pow(10, exponent) : ms * Math.pow(10, -exponent);
      int step = 0;
      for (int i = 0; i < SLO_GRID.length; i++) {
        if (SLO_GRID[i] <= mantissa * (1 + 1e-9)) {
          step = i;
        }
      }
      int row = exponent - MIN_EXPONENT;
      return row >= 0 && row < SLO_STEPS.length ? SLO_STEPS[row][step]
          : BigDecimal.valueOf(SLO_GRID[step]).scaleByPowerOfTen(exponent).doubleValue();
    }

    /** The name the autoscaler and the decisions know the class by. */
    public String name() {
      String slo = Double.isInfinite(sloMs) ? "any" : BigDecimal.valueOf(sloMs).stripTrailingZeros().toPlainString() + " ms";
      return String.format(Locale.ROOT, "%s (slo %s, accuracy >= %.3f)", task, slo, accuracyFloor);
    }
  }

  /** A class and the variant its requests were sent to. */
  public record Sent(Key key, String variant) {}

  private final ConcurrentHashMap<Sent, LongAdder> counts = new ConcurrentHashMap<>();
  private volatile Map<Key, String> routes = Map.of();

  /** Counts one request of {@code key} sent to {@code variant}. */
  public void record(Key key, String variant) {
    Sent sent = new Sent(key, variant);
    LongAdder count = counts.get(sent);
    if (count == null) {
      if (counts.size() >= MAX_COUNTED) {
        return;
      }
      count = counts.computeIfAbsent(sent, s -> new LongAdder());
    }
    count.increment();
  }

  /** The requests counted since the last drain, per (class, variant) with any; the counts start again. */
  public Map<Sent, Long> drain() {
    Map<Sent, Long> out = new LinkedHashMap<>();
    counts.forEach((sent, count) -> {
      long n = count.sumThenReset();
      if (n > 0) {
        out.put(sent, n);
      }
    });
    return out;
  }

  /** The variant the autoscaler moved {@code key} to, if it did. */
  public Optional<String> routeOf(Key key) {
    return Optional.ofNullable(routes.get(key));
  }

  /** The moved classes from now on, each with its variant; the rest go where the selector sends them. */
  public void publish(Map<Key, String> moved) {
    routes = Map.copyOf(moved);
  }

  /** The moved classes now. */
  public Map<Key, String> routes() {
    return routes;
  }
}
