package dev.cortado.control.scaling;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.planning.Allocation;
import dev.cortado.control.planning.Budget;
import dev.cortado.control.planning.Plan;
import dev.cortado.control.planning.Planner;
import dev.cortado.control.planning.PlanningProblem;
import dev.cortado.control.planning.PlanningVariant;
import dev.cortado.control.planning.RequestClass;
import dev.cortado.control.planning.Route;
import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The planner-driven autoscaler ({@code planned}): the exact plan (issue 8's {@link Planner}) for the
 * demand it provisions for is its target, where {@link CortadoScaling} sizes each variant by a
 * heuristic. Every tick:
 * <ol>
 *   <li>per arrival stream (all variants together when the request classes are known, each variant
 *       alone when not), demand = max(the forecast's upper quantile over a cold start plus a tick,
 *       the rate observed over the last few seconds, the last tick's rate) plus the queue drained
 *       within a tick — {@link CortadoScaling}'s demand, so the two differ only in how they size;</li>
 *   <li>it replans when a forecast step (a minute) completes, and when the demand of a stream
 *       outruns what the plan in force was made for; each class's rate is then its share of its
 *       stream's demand, rounded up to the next step of a geometric grid ({@code rateStep}, 10 % by
 *       default), and the plan for a step is solved once and kept;</li>
 *   <li>the plan ({@link PlanningProblem}: the classes, every variant at every profiled size, the
 *       prices, the core budget, {@code headroom}) gives the instances per variant and size, and the
 *       routes: how each class's traffic is split over variants (a class may move entirely onto a
 *       variant kept for another, so a variant can go to zero while its class is still served);</li>
 *   <li>per variant the target is the plan's count; a variant keeps its size until the plans have
 *       wanted another for {@code resizeHold}, and meanwhile runs the planned capacity at the size it
 *       has (as many instances of it as carry the planned throughput); for a variant the plan keeps,
 *       at least the instances that answer the tick's largest burst within the SLO, and latency pressure, as
 *       {@link CortadoScaling}'s (pressure adds one instance, not while instances are starting); scaling down
 *       takes the largest count wanted over {@code scaleDownDelay}; a variant with requests queued or in flight keeps one instance.</li>
 * </ol>
 * A plan the solver could not find (demand beyond the budget) leaves the last plan in force. State
 * follows from the contexts given; no clock is read. The plan's batch caps are not applied: a
 * variant's batcher forms batches against deadlines up to its own largest batch.
 */
public final class PlannedScaling implements ScalingPolicy, RoutingPolicy {
  public static final String NAME = "planned";

  /**
   * @param tick how often it decides
   * @param headroom capacity planned per unit of demand (1.25: instances used at 80 %, as {@link CortadoScaling})
   * @param rateStep the ratio between neighbouring steps of the demand grid, > 1
   * @param reactiveWindow the window of the observed rate
   * @param scaleDownDelay how long a lower count must be wanted before instances go
   * @param latencyPressure the share of the SLO the tick's mean latency must exceed for one instance more
   * @param historyLimit how many forecast steps of history it keeps
   * @param resizeHold how long the plans must want another size of a variant before it changes size
   */
  public record Settings(Duration tick, double headroom, double rateStep, Duration reactiveWindow, Duration scaleDownDelay,
      double latencyPressure, int historyLimit, Duration resizeHold) {
    public Settings {
      Objects.requireNonNull(resizeHold, "resizeHold");
      Objects.requireNonNull(tick, "tick");
      Objects.requireNonNull(reactiveWindow, "reactiveWindow");
      Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
      if (!tick.isPositive() || !reactiveWindow.isPositive() || scaleDownDelay.isNegative()) {
        throw new IllegalArgumentException("tick and reactive window must be positive, the scale-down delay >= 0");
      }
      if (!(headroom >= 1) || !(rateStep > 1) || !(latencyPressure > 0 && latencyPressure <= 1) || historyLimit < 1) {
        throw new IllegalArgumentException("headroom = " + headroom + " must be >= 1, rateStep = " + rateStep + " > 1, "
            + "latencyPressure = " + latencyPressure + " in (0, 1], historyLimit = " + historyLimit + " >= 1");
      }
    }

    /** A 0.5 s tick, headroom 1.25, a 10 % demand grid, a 5 s reactive window, a 60 s delay, pressure at 90 %, 3 days of minutes, 30 s resize hold. */
    public static Settings defaults() {
      return from(CortadoScaling.Settings.defaults());
    }

    /** What it shares with {@link CortadoScaling}'s settings (tick, windows, delay, pressure, history), utilisation as headroom. */
    public static Settings from(CortadoScaling.Settings c) {
      return new Settings(c.tick(), 1 / c.targetUtilisation(), 1.1, c.reactiveWindow(), c.scaleDownDelay(), c.latencyPressure(),
          c.historyLimit(), c.resizeHold());
    }
  }

  /** The plans kept, by demand step: enough for every step a run's rates cross. */
  private static final int PLANS_KEPT = 4096;

  private final Planner planner;
  private final Settings settings;
  private final List<PlanningVariant> variants;
  private final Map<String, Integer> maxInstances = new LinkedHashMap<>();
  private final CostModel prices;
  private final int maxBatch;
  private final double sloMs;
  private final double leadSeconds;
  private final List<Stream> streams = new ArrayList<>();
  private final List<PlannedClass> classes = new ArrayList<>();
  private final Map<List<Integer>, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Integer>, Plan> eldest) {
      return size() > PLANS_KEPT;
    }
  };
  private final Map<String, Held> held = new LinkedHashMap<>();
  private Plan current;
  /** The demand steps the plan in force was made for. */
  private List<Integer> currentKey;
  private final Map<String, Map<InstanceSize, Double>> throughput = new LinkedHashMap<>();
  /** One instance's capacity per variant and size, for bursts. */
  private final Map<String, Map<InstanceSize, InstanceCapacity>> capacities = new LinkedHashMap<>();
  private Map<String, Map<String, Double>> routes = Map.of();
  private long routesVersion;

  /** One arrival stream: the variants whose arrivals it sums, their history and forecast, the recent rate. */
  private static final class Stream {
    final List<String> variants;
    final ForecastedArrivals arrivals;
    final ObservationWindow recent;
    double lastPredicted = Double.NaN;

    Stream(List<String> variants, ForecastedArrivals arrivals, Duration reactiveWindow) {
      this.variants = variants;
      this.arrivals = arrivals;
      this.recent = new ObservationWindow(reactiveWindow);
    }
  }

  /** A class as the planner sees it, and the stream and share its rate comes from. */
  private record PlannedClass(RequestClass template, int stream, double share) {}

  /** The counts wanted of one variant over the scale-down delay, at its current size. */
  private static final class Held {
    final ArrayDeque<Instant> at = new ArrayDeque<>();
    final ArrayDeque<Integer> counts = new ArrayDeque<>();
    InstanceSize size;
    InstanceSize candidate;
    Instant candidateSince;
  }

  /**
   * @param setup the variants, prices, SLO, histories and request classes (unknown: each variant its own class)
   * @param planner how plans are made ({@code MipPlanner} in production)
   * @param settings its knobs
   */
  public PlannedScaling(ScalingSetup setup, Planner planner, Settings settings) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.prices = setup.cost();
    this.sloMs = setup.sloMs();
    ClassMix mix = setup.classMix();
    int batch = 1;
    double coldStart = 0;
    List<PlanningVariant> planning = new ArrayList<>();
    for (ScalingSetup.Variant v : setup.variants()) {
      ClassMix.VariantFacts facts = mix.isKnown() ? mix.variants().get(v.variant()) : new ClassMix.VariantFacts(ownTask(v), 0);
      if (facts == null) {
        throw new IllegalArgumentException("the class mix says nothing of variant " + v.variant());
      }
      planning.add(new PlanningVariant(v.variant(), facts.task(), facts.accuracy(), v.profiles()));
      Map<InstanceSize, Double> perSize = new LinkedHashMap<>();
      Map<InstanceSize, InstanceCapacity> capacityPerSize = new LinkedHashMap<>();
      for (var p : v.profiles()) {
        InstanceCapacity c = InstanceCapacity.of(p, Duration.ofNanos(Math.round(setup.sloMs() * 1e6)),
            setup.batching() ? v.maxBatch() : 1);
        perSize.put(p.size(), c.throughputPerSecond());
        capacityPerSize.put(p.size(), c);
      }
      throughput.put(v.variant(), perSize);
      capacities.put(v.variant(), capacityPerSize);
      maxInstances.put(v.variant(), setup.maxInstances());
      batch = Math.max(batch, setup.batching() ? v.maxBatch() : 1);
      for (var p : v.profiles()) {
        coldStart = Math.max(coldStart, p.coldStartMs() / 1000 + setup.startOverhead().toNanos() / 1e9);
      }
    }
    this.variants = List.copyOf(planning);
    this.maxBatch = batch;
    this.leadSeconds = coldStart + settings.tick().toNanos() / 1e9;
    if (mix.isKnown()) {
      List<String> all = setup.variants().stream().map(ScalingSetup.Variant::variant).toList();
      streams.add(new Stream(all, arrivals(setup, all), settings.reactiveWindow()));
      for (ClassMix.ClassShare c : mix.classes()) {
        classes.add(new PlannedClass(new RequestClass(c.name(), c.task(), c.sloMs(), c.accuracyFloor(), 0), 0,
            c.share() / mix.totalShare()));
      }
    } else {
      for (ScalingSetup.Variant v : setup.variants()) {
        streams.add(new Stream(List.of(v.variant()), arrivals(setup, List.of(v.variant())), settings.reactiveWindow()));
        classes.add(new PlannedClass(new RequestClass(v.variant(), ownTask(v), setup.sloMs(), 0, 0), streams.size() - 1, 1));
      }
    }
  }

  /** Without classes, each variant serves a task of its own, so that the plan keeps its traffic on it. */
  private static String ownTask(ScalingSetup.Variant v) {
    return "variant:" + v.variant();
  }

  /** The arrivals of {@code names} together: the sum of their histories, forecast by the first one's forecaster. */
  private ForecastedArrivals arrivals(ScalingSetup setup, List<String> names) {
    RateHistory sum = null;
    for (String n : names) {
      RateHistory h = setup.histories().get(n);
      if (h != null) {
        sum = sum == null ? h : added(sum, h);
      }
    }
    if (sum == null) {
      sum = new RateHistory(Instant.EPOCH, Duration.ofMinutes(1), new double[0]);
    }
    Forecaster forecaster = setup.forecasters().getOrDefault(names.getFirst(),
        dev.cortado.control.forecast.Forecasters.defaultForecaster());
    return new ForecastedArrivals(sum, forecaster, settings.historyLimit(), leadSeconds);
  }

  private static RateHistory added(RateHistory a, RateHistory b) {
    if (!a.start().equals(b.start()) || !a.step().equals(b.step()) || a.size() != b.size()) {
      throw new IllegalArgumentException("the variants' histories must share start, step and length to be added");
    }
    double[] sum = a.rates();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += b.rate(i);
    }
    return new RateHistory(a.start(), a.step(), sum);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Duration tick() {
    return settings.tick();
  }

  @Override
  public Map<String, Map<String, Double>> routes() {
    return routes;
  }

  @Override
  public long routesVersion() {
    return routesVersion;
  }

  /**
   * The demand its stream's forecast said at the last decision, reported on the stream's first
   * variant (so that a sum over variants counts each stream once); NaN for the other variants.
   */
  @Override
  public double forecastRate(String variant) {
    for (Stream s : streams) {
      if (s.variants.getFirst().equals(variant)) {
        return s.lastPredicted;
      }
    }
    return Double.NaN;
  }

  @Override
  public ScalingDecision decide(ScalingContext context, Instant now) {
    double tickSeconds = context.tickSeconds();
    double[] demand = new double[streams.size()];
    boolean stepClosed = false;
    StringBuilder why = new StringBuilder();
    for (int i = 0; i < streams.size(); i++) {
      Stream s = streams.get(i);
      long arrivals = 0;
      int queued = 0;
      for (String v : s.variants) {
        VariantObservation o = context.of(v).orElse(null);
        if (o != null) {
          arrivals += o.arrivals();
          queued += o.queued();
        }
      }
      s.recent.record(now, tickSeconds, arrivals / tickSeconds);
      stepClosed |= s.arrivals.record(now, arrivals);
      double predicted = s.arrivals.upper(now, leadSeconds);
      double observed = Math.max(s.recent.average(now, settings.reactiveWindow()), arrivals / tickSeconds);
      s.lastPredicted = predicted;
      demand[i] = Math.max(predicted, observed) + queued / tickSeconds;
      why.append(f("%sdemand %.1f/s (forecast %.1f/s, observed %.1f/s, queued %d)", i == 0 ? "" : "; ", demand[i], predicted,
          observed, queued));
    }
    List<Integer> key = key(demand, context.coreBudget());
    Plan plan = current;
    if (current == null || stepClosed || outruns(key)) {
      plan = plan(key);
      if (plan.status().hasSolution()) {
        current = plan;
        currentKey = key;
        publishRoutes(plan);
      }
    }
    String planned = current == null ? "no plan yet" : f("plan %s (gap %.2g), %.4f/h", current.status(),
        current.report().gap(), current.costPerHour());
    if (plan == null || !plan.status().hasSolution()) {
      planned = "no plan for this demand (" + (plan == null ? "none" : plan.status()) + "); " + planned;
    }
    List<ScalingDecision.Target> targets = new ArrayList<>();
    for (PlanningVariant v : variants) {
      VariantObservation o = context.of(v.name()).orElse(null);
      targets.add(target(v, o, now, why + "; " + planned));
    }
    return new ScalingDecision(targets);
  }

  /** The core budget and each stream's demand step. */
  private List<Integer> key(double[] demand, int coreBudget) {
    List<Integer> key = new ArrayList<>();
    key.add(coreBudget);
    for (double d : demand) {
      key.add(step(d));
    }
    return List.copyOf(key);
  }

  /** Whether a stream's demand is above what the plan in force was made for, or the budget changed. */
  private boolean outruns(List<Integer> key) {
    if (currentKey == null || !currentKey.getFirst().equals(key.getFirst())) {
      return true;
    }
    for (int i = 1; i < key.size(); i++) {
      if (key.get(i) > currentKey.get(i)) {
        return true;
      }
    }
    return false;
  }

  /** The plan for the demand steps of {@code key}, solved once per key. */
  private Plan plan(List<Integer> key) {
    Plan known = plans.get(key);
    if (known != null) {
      return known;
    }
    List<RequestClass> rated = new ArrayList<>();
    for (PlannedClass c : classes) {
      double rate = c.share() * gridRate(key.get(c.stream() + 1));
      RequestClass t = c.template();
      rated.add(new RequestClass(t.name(), t.task(), t.sloMs(), t.accuracyFloor(), rate));
    }
    PlanningProblem problem = new PlanningProblem(rated, variants, prices, new Budget(key.getFirst(), Long.MAX_VALUE),
        settings.headroom(), maxBatch);
    Plan plan = planner.plan(problem);
    plans.put(key, plan);
    return plan;
  }

  /** The grid step a rate rounds up to; {@link Integer#MIN_VALUE} for no demand. */
  private int step(double rate) {
    if (!(rate > 0)) {
      return Integer.MIN_VALUE;
    }
    return (int) Math.ceil(Math.log(rate) / Math.log(settings.rateStep()) - 1e-9);
  }

  private double gridRate(int step) {
    return step == Integer.MIN_VALUE ? 0 : Math.pow(settings.rateStep(), step);
  }

  private void publishRoutes(Plan plan) {
    Map<String, Map<String, Double>> split = new LinkedHashMap<>();
    Map<String, Double> perClass = new LinkedHashMap<>();
    for (Route r : plan.routes()) {
      if (r.ratePerSecond() > 0) {
        perClass.merge(r.requestClass(), r.ratePerSecond(), Double::sum);
      }
    }
    for (Route r : plan.routes()) {
      Double total = perClass.get(r.requestClass());
      if (r.ratePerSecond() > 0 && total != null) {
        split.computeIfAbsent(r.requestClass(), k -> new LinkedHashMap<>()).merge(r.variant(), r.ratePerSecond() / total,
            Double::sum);
      }
    }
    Map<String, Map<String, Double>> frozen = new LinkedHashMap<>();
    split.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
    if (!frozen.equals(routes)) {
      routes = Collections.unmodifiableMap(frozen);
      routesVersion++;
    }
  }

  private ScalingDecision.Target target(PlanningVariant v, VariantObservation o, Instant now, String why) {
    Held h = held.computeIfAbsent(v.name(), k -> new Held());
    Map<InstanceSize, Double> perSize = throughput.get(v.name());
    double planned = 0;
    InstanceSize plannedSize = null;
    int most = 0;
    if (current != null) {
      for (Allocation a : current.allocations()) {
        if (a.variant().equals(v.name()) && a.instances() > 0) {
          planned += a.instances() * perSize.get(a.size());
          if (a.instances() * a.size().threads() > most) {
            most = a.instances() * a.size().threads();
            plannedSize = a.size();
          }
        }
      }
    }
    InstanceSize size = size(h, plannedSize, v, now);
    int wanted = planned > 0 ? Ceil.of(planned / perSize.get(size)) : 0;
    String reason = f("%s: %d at %d thread(s)", why, wanted, size.threads());
    int burst = o == null ? 0 : o.burstArrivals();
    int burstInstances = capacities.get(v.name()).get(size).instancesForBurst(burst, VariantObservation.BURST_WINDOW_MS, sloMs,
        1 / settings.headroom());
    if (wanted > 0 && burstInstances > wanted) { // a variant the plan empties still goes to zero
      wanted = burstInstances;
      reason += f("; a burst of %d requests within %d ms takes %d", burst, VariantObservation.BURST_WINDOW.toMillis(), burstInstances);
    }
    boolean pressed = o != null && o.underLatencyPressure(settings.latencyPressure(), sloMs);
    if (pressed) {
      wanted = Math.max(wanted, o.instances() + 1);
      reason += f("; latency pressure: answers took %.1f ms on average with %d instance(s)", o.meanLatencyMs(), o.instances());
    }
    int target = holdDown(h, size, now, wanted);
    if (target == 0 && o != null && (o.queued() > 0 || o.meanInFlight() > 0)) {
      target = 1;
      reason += "; keeps one for the requests it holds";
    }
    return new ScalingDecision.Target(v.name(), Math.min(target, maxInstances.get(v.name())), size, reason);
  }

  /** The size the variant runs at: the one it has, until the plans have wanted another for the resize hold. */
  private InstanceSize size(Held h, InstanceSize planned, PlanningVariant v, Instant now) {
    if (h.size == null) {
      return planned != null ? planned : v.profiles().getFirst().size();
    }
    if (planned == null || planned.equals(h.size)) {
      h.candidate = null;
      return h.size;
    }
    if (!planned.equals(h.candidate)) {
      h.candidate = planned;
      h.candidateSince = now;
    }
    return Duration.between(h.candidateSince, now).compareTo(settings.resizeHold()) >= 0 ? planned : h.size;
  }

  /** Up at once; down to the largest count wanted over the scale-down delay (counts at another size do not count). */
  private int holdDown(Held h, InstanceSize size, Instant now, int instances) {
    if (!size.equals(h.size)) {
      h.at.clear();
      h.counts.clear();
      h.size = size;
      h.candidate = null;
    }
    h.at.addLast(now);
    h.counts.addLast(instances);
    Instant horizon = now.minus(settings.scaleDownDelay());
    while (h.at.getFirst().isBefore(horizon)) {
      h.at.removeFirst();
      h.counts.removeFirst();
    }
    int max = 0;
    for (int c : h.counts) {
      max = Math.max(max, c);
    }
    return max;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
