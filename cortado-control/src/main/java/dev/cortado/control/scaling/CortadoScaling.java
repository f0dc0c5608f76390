package dev.cortado.control.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cortado's autoscaler (BARISTA's proactive provisioning with a reactive path): every tick, per
 * variant,
 * <ol>
 *   <li>demand = max(the forecast's upper quantile over the lead time — a cold start plus a tick —
 *       the rate observed over the last few seconds, and the rate of the last tick alone), plus what
 *       it takes to drain the queue within a tick; and at least the instances that answer the tick's
 *       largest burst (the most arrivals within {@link VariantObservation#BURST_WINDOW}) within the
 *       SLO, in back-to-back batches: a fan-out needs capacity for its size, not for its rate. The
 *       forecast looks ahead so instances start a cold start before the load; the observed rates
 *       are the panic path for load the forecast did not see coming, the last tick's so that a step
 *       in the load is met one tick after it, not only once the window has filled;</li>
 *   <li>the size (threads) is the one that serves that demand at least cost, from the profiles
 *       (thread scaling measured, not assumed); a different size takes over only when it is cheaper
 *       by {@code resizeGain} for {@code resizeHold}, so sizes do not flap;</li>
 *   <li>instances = the demand over one instance's throughput at the batch the SLO allows, at the
 *       target utilisation; when the tick's answers took more than {@code latencyPressure} of the
 *       SLO on average, at least one instance more than it has (latency pressure: a backlog that
 *       the batcher serves at its deadline does not drain at the count the rates call for), unless
 *       instances are still starting (the latency then predates the capacity already on its way);
 *       scaling up is immediate; scaling down takes the largest count the observed rate or burst
 *       wanted over {@code scaleDownDelay}, and the largest count wanted for the forecast, the queue or latency
 *       pressure over the reactive window only (a forecast step that observation has since shown
 *       lower, or a backlog drained, is not paid for a whole delay);</li>
 *   <li>scale to zero after a keep-alive chosen by cost: an idle instance is kept while it costs
 *       less than the violations a cold start would cause (the forecast rate times the cold start,
 *       plus the request that triggers it, at {@code violationCost} each), within bounds; and only
 *       when the forecast expects less than one request over the keep-alive;</li>
 *   <li>where the request classes are known (a simulator's scenario gives them; a live server learns
 *       them from the task queries it routes and reports them in each {@link ScalingContext}), move a class off its own
 *       variant onto one that runs anyway when that costs less for {@code resizeHold}
 *       ({@link Consolidation}): the variant left without a class goes to zero once it holds no
 *       work, and the one taking the class is sized by the rules above for the traffic it now gets.
 *       Its {@link #routes()} tell the router where a moved class goes.</li>
 * </ol>
 * The arrival history is kept per forecast step (a minute by default), bounded; the forecast is
 * refreshed when a step completes. State follows from the contexts given; no clock is read.
 */
public final class CortadoScaling implements ScalingPolicy, RoutingPolicy {
  public static final String NAME = "cortado";

  /**
   * @param tick how often it decides
   * @param targetUtilisation the share of an instance's measured throughput it plans to use
   * @param reactiveWindow the window of the observed rate
   * @param scaleDownDelay how long a lower count must be wanted before instances go
   * @param resizeGain a size must cost at most this fraction of the current one to take over
   * @param resizeHold and for this long
   * @param violationCost what one request that misses its SLO costs, in the cost model's currency
   * @param minKeepAlive the shortest keep-alive
   * @param maxKeepAlive the longest keep-alive
   * @param historyLimit how many forecast steps of history it keeps
   * @param latencyPressure the share of the SLO, in (0, 1], that the tick's mean latency must exceed
   *     for the variant to get an instance more than it has
   */
  public record Settings(Duration tick, double targetUtilisation, Duration reactiveWindow, Duration scaleDownDelay,
      double resizeGain, Duration resizeHold, double violationCost, Duration minKeepAlive, Duration maxKeepAlive,
      int historyLimit, double latencyPressure) {
    /** The default latency pressure: answers at 90 % of the SLO on average. */
    public static final double DEFAULT_LATENCY_PRESSURE = 0.9;

    public Settings {
      Objects.requireNonNull(tick, "tick");
      Objects.requireNonNull(reactiveWindow, "reactiveWindow");
      Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
      Objects.requireNonNull(resizeHold, "resizeHold");
      Objects.requireNonNull(minKeepAlive, "minKeepAlive");
      Objects.requireNonNull(maxKeepAlive, "maxKeepAlive");
      if (!tick.isPositive() || !reactiveWindow.isPositive() || scaleDownDelay.isNegative() || resizeHold.isNegative()
          || minKeepAlive.isNegative() || maxKeepAlive.compareTo(minKeepAlive) < 0) {
        throw new IllegalArgumentException("durations must be positive (tick, reactive window) or >= 0, with minKeepAlive <= maxKeepAlive");
      }
      if (!(targetUtilisation > 0 && targetUtilisation <= 1) || !(resizeGain > 0 && resizeGain <= 1) || !(violationCost >= 0)
          || historyLimit < 1) {
        throw new IllegalArgumentException("targetUtilisation and resizeGain must be in (0, 1], violationCost >= 0, historyLimit >= 1");
      }
      if (!(latencyPressure > 0 && latencyPressure <= 1)) {
        throw new IllegalArgumentException("latencyPressure = " + latencyPressure + ", must be in (0, 1]");
      }
    }

    /** The settings with the default latency pressure. */
    public Settings(Duration tick, double targetUtilisation, Duration reactiveWindow, Duration scaleDownDelay,
        double resizeGain, Duration resizeHold, double violationCost, Duration minKeepAlive, Duration maxKeepAlive,
        int historyLimit) {
      this(tick, targetUtilisation, reactiveWindow, scaleDownDelay, resizeGain, resizeHold, violationCost, minKeepAlive,
          maxKeepAlive, historyLimit, DEFAULT_LATENCY_PRESSURE);
    }

    /** The same settings planning to use {@code u} of each instance's measured throughput. */
    public Settings withTargetUtilisation(double u) {
      return new Settings(tick, u, reactiveWindow, scaleDownDelay, resizeGain, resizeHold, violationCost, minKeepAlive,
          maxKeepAlive, historyLimit, latencyPressure);
    }

    /**
     * A 0.5 s tick (a step in the load is met a cold start plus half a second after it), 80 %
     * utilisation, a 5 s reactive window, 60 s scale-down delay, 0.1 ¢ per violation, keep-alive
     * 10 s .. 15 min, 3 days of minutes, latency pressure at 90 % of the SLO.
     */
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(500), 0.8, Duration.ofSeconds(5), Duration.ofSeconds(60), 0.9, Duration.ofSeconds(30),
          0.001, Duration.ofSeconds(10), Duration.ofMinutes(15), 3 * 24 * 60);
    }
  }

  private final Map<String, ForecastedVariant> variants;
  private final Settings settings;
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Consolidation consolidation;

  /** Cortado's autoscaler over variants whose request classes are unknown (a live server's): each variant sized alone. */
  public CortadoScaling(List<ForecastedVariant> variants, Settings settings) {
    this(variants, settings, Consolidation.none());
  }

  /** Cortado's autoscaler that may also move request classes onto variants that run anyway ({@link Consolidation}). */
  CortadoScaling(List<ForecastedVariant> variants, Settings settings, Consolidation consolidation) {
    Map<String, ForecastedVariant> byName = new LinkedHashMap<>();
    for (ForecastedVariant v : variants) {
      if (byName.putIfAbsent(v.variant(), v) != null) {
        throw new IllegalArgumentException("variant " + v.variant() + " is given twice");
      }
      states.put(v.variant(), new State(v, settings));
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException("a scaling policy needs at least one variant");
    }
    this.variants = byName;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.consolidation = Objects.requireNonNull(consolidation, "consolidation");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Duration tick() {
    return settings.tick();
  }

  /** The request classes it moved off their own variant, each with all of its traffic on the variant serving it now. */
  @Override
  public Map<String, Map<String, Double>> routes() {
    return consolidation.routes();
  }

  @Override
  public long routesVersion() {
    return consolidation.routesVersion();
  }

  @Override
  public double forecastRate(String variant) {
    State s = states.get(variant);
    return s == null ? Double.NaN : s.lastPredicted;
  }

  @Override
  public ScalingDecision decide(ScalingContext context, Instant now) {
    context.classes().ifPresent(consolidation::reclass);
    double tickSeconds = context.tickSeconds();
    Map<String, Long> arrivals = new LinkedHashMap<>();
    for (ForecastedVariant v : variants.values()) {
      arrivals.put(v.variant(), context.of(v.variant()).map(VariantObservation::arrivals).orElse(0L));
    }
    // The reactive path sees what each variant got; the forecast, what each class's home would have.
    Map<String, Double> byHome = consolidation.arrivalsByHome(arrivals);
    Map<String, Double> predicted = new LinkedHashMap<>();
    for (ForecastedVariant v : variants.values()) {
      State s = states.get(v.variant());
      s.observe(now, tickSeconds, arrivals.get(v.variant()), byHome.get(v.variant()));
      predicted.put(v.variant(), s.predicted(now, s.maxColdStartSeconds + tickSeconds));
    }
    // A class moved onto another variant takes its share of its home's forecast along.
    Map<String, Double> movedIn = consolidation.forecastMovedIn(predicted);
    List<Sized> sized = new ArrayList<>();
    Map<String, Consolidation.Load> loads = new LinkedHashMap<>();
    double observed = 0;
    double draining = 0;
    int burst = 0;
    for (ForecastedVariant v : variants.values()) {
      Sized one = size(v, context.of(v.variant()).orElse(null), tickSeconds, now,
          predicted.get(v.variant()) + movedIn.getOrDefault(v.variant(), 0.0));
      sized.add(one);
      loads.put(v.variant(), new Consolidation.Load(one.option(), one.ready(), v.sloMs()));
      observed += one.observed();
      draining += one.draining();
      burst += one.burst();
    }
    // All classes together: each total counts every request once (the forecasts are by home, the
    // observations where requests went), while a host's own demand also holds its guests' forecast.
    double forecast = predicted.values().stream().mapToDouble(Double::doubleValue).sum();
    Consolidation.Outcome moves = consolidation.decide(now, Math.max(forecast, observed) + draining, burst, loads);
    List<ScalingDecision.Target> targets = new ArrayList<>();
    for (Sized one : sized) {
      String name = one.variant().variant();
      int target = one.target();
      String why = one.why();
      if (moves.emptied().contains(name) && !one.busy()) {
        target = 0;
        why = "to zero: every class it served is served by another variant now (" + moved(moves) + ")";
      }
      Integer needed = moves.atLeast().get(name);
      if (needed != null && needed > target) {
        target = needed;
        why += f("; %d instance(s) ready before a request class moves here", needed);
      }
      String served = movedTo(name, moves);
      if (!served.isEmpty() && target > 0) {
        why += "; also serves " + served;
      }
      targets.add(new ScalingDecision.Target(name, Math.min(target, one.variant().maxInstances()), one.option().size(), why));
    }
    return new ScalingDecision(targets);
  }

  /** Every moved class with the variant serving it, for a reason. */
  private static String moved(Consolidation.Outcome moves) {
    return String.join(", ", moves.moved().entrySet().stream()
        .map(e -> "class " + e.getKey() + " on " + e.getValue()).sorted().toList());
  }

  /** The moved classes {@code variant} serves, for a reason. */
  private static String movedTo(String variant, Consolidation.Outcome moves) {
    return String.join(", ", moves.moved().entrySet().stream().filter(e -> e.getValue().equals(variant))
        .map(e -> "class " + e.getKey()).sorted().toList());
  }

  /**
   * One variant's count by the per-variant rules.
   *
   * @param observed its observed arrival rate (the reactive path's)
   * @param draining the rate that drains its queue within a tick
   * @param busy whether it holds work (queued or in flight), so it may not go to zero
   */
  private record Sized(ForecastedVariant variant, double observed, double draining, int burst, SizeOption option, int ready,
      int target, String why, boolean busy) {}

  /** {@code predicted}: the forecast's upper quantile over the lead time, with what moved classes bring. */
  private Sized size(ForecastedVariant v, VariantObservation obs, double tickSeconds, Instant now, double predicted) {
    State s = states.get(v.variant());
    long arrivals = obs == null ? 0 : obs.arrivals();
    int queued = obs == null ? 0 : obs.queued();
    double inFlight = obs == null ? 0 : obs.meanInFlight();
    double lead = s.maxColdStartSeconds + tickSeconds;
    double observed = Math.max(s.recent.average(now, settings.reactiveWindow()), arrivals / tickSeconds);
    double demand = Math.max(predicted, observed) + queued / tickSeconds;
    s.lastPredicted = predicted;

    SizeOption option = s.chooseSize(now, demand);
    int wanted = option.instancesFor(demand, settings.targetUtilisation());
    boolean pressed = obs != null && obs.underLatencyPressure(settings.latencyPressure(), v.sloMs());
    if (pressed) {
      wanted = Math.max(wanted, obs.instances() + 1);
    }
    int burst = obs == null ? 0 : obs.burstArrivals();
    int burstInstances = option.capacity().instancesForBurst(burst, VariantObservation.BURST_WINDOW_MS, v.sloMs(),
        settings.targetUtilisation());
    int forObserved = option.instancesFor(observed, settings.targetUtilisation());
    int sustained = Math.max(forObserved, burstInstances);
    int target = Math.max(s.holdDown(now, sustained), s.holdBriefly(now, wanted));
    double keepAlive = s.keepAliveSeconds(predicted, option);
    boolean recent = s.lastArrival != null && secondsBetween(s.lastArrival, now) < keepAlive;
    boolean expectsTraffic = predicted * keepAlive >= 1;
    boolean busy = queued > 0 || inFlight > 0;
    String why;
    if (target == 0 && (recent || expectsTraffic || busy)) {
      target = 1;
      why = f("keep one warm: keep-alive %.0f s, forecast %.2f/s", keepAlive, predicted);
    } else if (target == 0) {
      why = f("to zero: idle past keep-alive %.0f s, forecast %.3f/s", keepAlive, predicted);
    } else {
      why = f("demand %.1f/s (forecast %.1f/s over %.1f s lead, observed %.1f/s, queued %d) at %d thread(s): "
          + "%.0f/s per instance at batch %d", demand, predicted, lead, observed, queued, option.size().threads(),
          option.capacity().throughputPerSecond(), option.capacity().batch());
      if (burstInstances > forObserved) {
        why += f("; a burst of %d requests within %.0f ms takes %d instance(s) to answer within the %.0f ms SLO", burst,
            VariantObservation.BURST_WINDOW_MS, burstInstances, v.sloMs());
      }
      if (pressed) {
        why += f("; latency pressure: answers took %.1f ms on average, over %.0f%% of the %.0f ms SLO, with %d instance(s)",
            obs.meanLatencyMs(), 100 * settings.latencyPressure(), v.sloMs(), obs.instances());
      }
    }
    return new Sized(v, observed, queued / tickSeconds, burst, option, obs == null ? 0 : obs.ready(), target, why, busy);
  }

  private static double secondsBetween(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e9;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** What the autoscaler remembers of one variant. */
  private static final class State {
    final ForecastedVariant variant;
    final Settings settings;
    final ObservationWindow recent;
    final double maxColdStartSeconds;
    final ForecastedArrivals arrivals;
    double lastPredicted = Double.NaN;
    Instant lastArrival;
    SizeOption size;
    SizeOption resizeCandidate;
    Instant resizeCandidateSince;
    /** Counts the observed rate wanted, over the scale-down delay. */
    final ArrayDeque<Wanted> observedCounts = new ArrayDeque<>();
    /** Counts wanted for the forecast, the queue or latency pressure, over the reactive window. */
    final ArrayDeque<Wanted> recentCounts = new ArrayDeque<>();

    record Wanted(Instant at, int instances) {}

    State(ForecastedVariant variant, Settings settings) {
      this.variant = variant;
      this.settings = settings;
      this.recent = new ObservationWindow(settings.reactiveWindow());
      this.maxColdStartSeconds = variant.sizes().stream().mapToDouble(SizeOption::coldStartSeconds).max().orElse(0);
      this.arrivals = new ForecastedArrivals(variant.history(), variant.forecaster(), settings.historyLimit(),
          maxColdStartSeconds + 1);
      this.size = variant.sizes().getFirst();
    }

    /** {@code arrivals}: what it got this tick; {@code forecastArrivals}: what its history records (by class home). */
    void observe(Instant now, double tickSeconds, long arrivals, double forecastArrivals) {
      recent.record(now, tickSeconds, arrivals / tickSeconds);
      if (lastArrival == null || arrivals > 0) {
        // the keep-alive runs from the first tick too: a variant is not stopped the moment the loop starts
        lastArrival = now;
      }
      this.arrivals.record(now, forecastArrivals);
    }

    /** The forecast's upper quantile over {@code [now, now + lead]}; 0 without a forecast. */
    double predicted(Instant now, double leadSeconds) {
      return arrivals.upper(now, leadSeconds);
    }

    /** The cheapest size for {@code demand}, switching from the current one only when it pays long enough. */
    SizeOption chooseSize(Instant now, double demand) {
      SizeOption best = size;
      double bestCost = cost(size, demand);
      for (SizeOption o : variant.sizes()) {
        double c = cost(o, demand);
        if (c < bestCost - 1e-12) {
          best = o;
          bestCost = c;
        }
      }
      if (best == size || bestCost > settings.resizeGain() * cost(size, demand)) {
        resizeCandidate = null;
        return size;
      }
      if (resizeCandidate != best) {
        resizeCandidate = best;
        resizeCandidateSince = now;
      }
      if (Duration.between(resizeCandidateSince, now).compareTo(settings.resizeHold()) >= 0) {
        size = best;
        resizeCandidate = null;
        observedCounts.clear(); // counts wanted at the old size do not hold at the new one
        recentCounts.clear();
      }
      return size;
    }

    private double cost(SizeOption o, double demand) {
      return Math.max(1, o.instancesFor(demand, settings.targetUtilisation())) * o.costPerSecond();
    }

    /** Up at once; down to the largest count the observed rate wanted over the scale-down delay. */
    int holdDown(Instant now, int instances) {
      return largest(observedCounts, now, instances, settings.scaleDownDelay());
    }

    /** Up at once; down to the largest count wanted (forecast, queue, pressure) over the reactive window. */
    int holdBriefly(Instant now, int instances) {
      return largest(recentCounts, now, instances, settings.reactiveWindow());
    }

    private static int largest(ArrayDeque<Wanted> counts, Instant now, int instances, Duration over) {
      counts.addLast(new Wanted(now, instances));
      Instant horizon = now.minus(over);
      while (counts.getFirst().at().isBefore(horizon)) {
        counts.removeFirst();
      }
      int max = 0;
      for (Wanted w : counts) {
        max = Math.max(max, w.instances());
      }
      return max;
    }

    /** How long an idle instance is worth keeping: while it costs less than the violations its cold start would cause. */
    double keepAliveSeconds(double predictedRate, SizeOption option) {
      double violations = predictedRate * option.coldStartSeconds() + 1;
      double seconds = option.costPerSecond() > 0 ? violations * settings.violationCost() / option.costPerSecond()
          : settings.maxKeepAlive().toSeconds();
      double min = settings.minKeepAlive().toNanos() / 1e9;
      double max = settings.maxKeepAlive().toNanos() / 1e9;
      return Math.clamp(seconds, min, max);
    }
  }
}
