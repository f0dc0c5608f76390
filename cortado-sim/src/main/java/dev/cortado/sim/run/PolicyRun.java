package dev.cortado.sim.run;

import dev.cortado.control.batching.BatchPolicies;
import dev.cortado.control.batching.BatchingConfig;
import dev.cortado.control.scaling.Reconciler;
import dev.cortado.control.scaling.RoutingPolicy;
import dev.cortado.control.scaling.ScalingContext;
import dev.cortado.control.scaling.ScalingDecision;
import dev.cortado.control.scaling.ScalingPolicy;
import dev.cortado.control.scaling.VariantObservation;
import dev.cortado.control.selection.Candidate;
import dev.cortado.control.selection.Selectors;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.error.CortadoException;
import dev.cortado.sim.cluster.ClassTag;
import dev.cortado.sim.cluster.Machine;
import dev.cortado.sim.cluster.SimulatedCluster;
import dev.cortado.sim.cluster.VariantPool;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.engine.EventLoop;
import dev.cortado.sim.scenario.PolicySpec;
import dev.cortado.sim.scenario.RequestClass;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.trace.ArrivalStream;
import dev.cortado.sim.trace.ArrivalTrace;
import dev.cortado.sim.trace.TraceRates;
import dev.cortado.sim.trace.TraceWindow;
import dev.cortado.control.forecast.RateHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * One policy's run of a scenario on a fresh {@link EventLoop}: the window's arrivals, each drawn a
 * class by the classes' shares and routed by the selector to a variant's pool; every {@code
 * policy.tick()} the policy observes each variant and its decision goes through the {@link
 * Reconciler} to the {@link SimulatedCluster}; every time-series step a row. The instances the
 * policy's first decision asks for are warm at the start (a system already running), later ones
 * cold-start.
 */
public final class PolicyRun {
  /** How much of the trace before the window a forecasting policy is given as its past. */
  public static final Duration HISTORY = Duration.ofDays(3);

  /** How long the router keeps a class's selection. */
  static final long SELECTION_REFRESH_NANOS = 100_000_000L;
  private static final long SECOND_NANOS = 1_000_000_000L;

  private final Scenario scenario;
  private final PolicySpec spec;
  private final EventLoop loop = new EventLoop();
  private final RunStats stats;
  private final SimulatedCluster cluster;
  private final Map<String, VariantPool> pools = new HashMap<>();
  private final Router router;
  private final ScalingPolicy policy;
  private final ArrivalStream arrivals;
  private final ClassTag[] tags;
  private final double[] cumulativeShare;
  private final SplittableRandom classDraw;
  private final long endNanos;
  private final double tightestSloMs;
  private long scalingRefusals;
  private long lastTickNanos;
  /** {@link #arrive()} as an action, made once: it is scheduled for every request. */
  private final Runnable arrive = this::arrive;

  public PolicyRun(Scenario scenario, PolicySpec spec, List<VariantSetup> setups, ArrivalTrace trace,
      ScalingPolicyFactory policies) {
    this.scenario = scenario;
    this.spec = spec;
    List<RequestClass> classes = scenario.classes();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    setups.forEach(s -> accuracy.put(s.variant(), s.accuracy()));
    this.stats = new RunStats(classes.size(), accuracy, scenario.cluster().requestOverhead(), scenario.seed() ^ 0x0EEDL);
    this.tightestSloMs = classes.stream().mapToDouble(RequestClass::sloMs).min().orElseThrow();
    Machine machine = new Machine(scenario.cluster().cores());
    List<VariantPool> list = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    long seed = scenario.seed();
    for (VariantSetup s : setups) {
      BatchingConfig config = BatchingConfig.builder()
          .maxBatch(s.maxBatch())
          .defaultSloMs(tightestSloMs)
          .queueCapacity(scenario.cluster().queueCapacity())
          .build();
      VariantPool pool = new VariantPool(loop, s, BatchPolicies.byName(spec.batching(), s.defaultProfile(), config),
          scenario.cluster().queueCapacity(), machine, scenario.cost(), stats, seed + list.size() + 1,
          scenario.cluster().startOverhead().toNanos());
      list.add(pool);
      pools.put(s.variant(), pool);
      candidates.add(new Candidate(s.variant(), s.task(), s.accuracy(), s.maxBatch(), s.defaultProfile()));
    }
    this.cluster = new SimulatedCluster(list, scenario.cluster().coreBudget());
    this.router = new Router(loop, Selectors.byName(scenario.selector()), cluster, scenario.cost(), classes, candidates,
        SELECTION_REFRESH_NANOS);
    this.tags = new ClassTag[classes.size()];
    this.cumulativeShare = new double[classes.size()];
    double shares = classes.stream().mapToDouble(RequestClass::share).sum();
    double running = 0;
    for (int i = 0; i < classes.size(); i++) {
      tags[i] = new ClassTag(i, classes.get(i).sloMs());
      running += classes.get(i).share() / shares;
      cumulativeShare[i] = running;
    }
    cumulativeShare[classes.size() - 1] = 1.0;
    this.classDraw = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.arrivals = ArrivalStream.of(trace, scenario.window(), seed);
    this.policy = policies.create(new PolicyInputs(scenario, spec, setups, trueRates(trace), Duration.ofSeconds(1),
        histories(trace)));
    if (policy instanceof RoutingPolicy routing) {
      router.follow(routing); // a planning policy routes classes as its plan splits them
    }
    this.endNanos = scenario.window().length().plus(scenario.drain()).toNanos();
  }

  /** Per variant, the rate each second of the window brings the variant its classes prefer when idle. */
  private Map<String, double[]> trueRates(ArrivalTrace trace) {
    double[] total = TraceRates.of(trace, scenario.window(), Duration.ofSeconds(1));
    Map<String, double[]> byVariant = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : shareByVariant().entrySet()) {
      double[] rates = new double[total.length];
      for (int k = 0; k < total.length; k++) {
        rates[k] = total[k] * e.getValue();
      }
      byVariant.put(e.getKey(), rates);
    }
    return byVariant;
  }

  /**
   * Per variant, the per-minute rates of the trace before the window, at most {@link #HISTORY},
   * split as {@link #trueRates} splits them; they end at the simulation's origin.
   */
  private Map<String, RateHistory> histories(ArrivalTrace trace) {
    Duration start = scenario.window().start();
    Duration length = start.compareTo(HISTORY) < 0 ? start : HISTORY;
    length = Duration.ofMinutes(length.toMinutes());
    double[] total = length.isZero() ? new double[0]
        : TraceRates.of(trace, new TraceWindow(start.minus(length), length, scenario.window().scale()), Duration.ofMinutes(1));
    Map<String, RateHistory> byVariant = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : shareByVariant().entrySet()) {
      double[] rates = new double[total.length];
      for (int k = 0; k < total.length; k++) {
        rates[k] = total[k] * e.getValue();
      }
      byVariant.put(e.getKey(), new RateHistory(loop.instant().minus(Duration.ofMinutes(total.length)), Duration.ofMinutes(1), rates));
    }
    return byVariant;
  }

  /** The share of the arrivals each variant gets when every class goes to its preferred variant. */
  private Map<String, Double> shareByVariant() {
    Map<String, Double> shares = new LinkedHashMap<>();
    pools.keySet().stream().sorted().forEach(v -> shares.put(v, 0.0));
    double sum = scenario.classes().stream().mapToDouble(RequestClass::share).sum();
    for (int c = 0; c < scenario.classes().size(); c++) {
      String v = router.preferred(c);
      if (v != null) {
        shares.merge(v, scenario.classes().get(c).share() / sum, Double::sum);
      }
    }
    return shares;
  }

  /** Runs to the end of the window and the drain; rows go to {@code rows}, progress (0..1) to {@code progress}. */
  public PolicyResult run(Consumer<TimeseriesRow> rows, DoubleConsumer progress) {
    long wallStart = System.nanoTime();
    ScalingDecision first = policy.decide(context(), loop.instant());
    for (ScalingAction a : Reconciler.actions(first, cluster.status())) {
      if (a instanceof ScalingAction.Start s) {
        cluster.pool(s.variant()).startWarm(s.size());
      }
    }
    resetTicks();
    long tick = policy.tick().toNanos();
    loop.scheduleEvery(tick, tick, endNanos, this::controlTick); // every tick up to the end
    if (!scenario.cluster().requestOverhead().isEmpty()) {
      loop.scheduleEvery(SECOND_NANOS, SECOND_NANOS, endNanos, stats::closeSecond); // the rate overheads are drawn at
    }
    long step = scenario.timeseriesStep().toNanos();
    Runnable row = () -> timeseriesStep(rows, progress);
    loop.scheduleEvery(step, step, endNanos - 1, row); // every step before the end, then a last (maybe short) one at it
    if (endNanos > 0) {
      loop.schedule(endNanos, row);
    }
    scheduleNextArrival();
    loop.run(endNanos);
    double wall = (System.nanoTime() - wallStart) / 1e9;
    return result(wall);
  }

  private void scheduleNextArrival() {
    long next = arrivals.nextNanos();
    if (next >= 0) {
      loop.schedule(Math.max(loop.now(), next), arrive);
    }
  }

  private void arrive() {
    double u = classDraw.nextDouble();
    int c = 0;
    while (u >= cumulativeShare[c]) {
      c++;
    }
    String variant = router.route(c);
    stats.arrived(c, variant);
    if (variant == null) {
      stats.infeasible(c);
    } else {
      pools.get(variant).arrive(tags[c]);
    }
    scheduleNextArrival();
  }

  private ScalingContext context() {
    long now = loop.now();
    Duration tickLength = Duration.ofNanos(Math.max(1, now - lastTickNanos));
    List<VariantObservation> observations = new ArrayList<>();
    for (VariantPool p : cluster.pools()) {
      VariantTally t = stats.ticks.get(p.variant());
      double integral = p.inFlightIntegral();
      double meanInFlight = now > lastTickNanos ? (integral - t.inFlightIntegralAtTick) / (now - lastTickNanos) : p.inFlight();
      observations.add(new VariantObservation(p.variant(), p.currentSize(), p.count(InstanceState.READY),
          p.count(InstanceState.STARTING), t.arrivals, Math.max(0, meanInFlight), p.queued(), t.answered,
          t.answered == 0 ? Double.NaN : t.latencyNanosSum / t.answered / 1e6,
          t.batches == 0 ? Double.NaN : t.batchNanosSum / t.batches / 1e6, p.burstArrivals()));
    }
    return new ScalingContext(tickLength, observations, cluster.coreBudget());
  }

  private void resetTicks() {
    lastTickNanos = loop.now();
    for (VariantPool p : cluster.pools()) {
      stats.ticks.get(p.variant()).reset(p.inFlightIntegral());
      p.startBurstCount();
    }
  }

  private void controlTick() {
    ScalingDecision decision = policy.decide(context(), loop.instant());
    resetTicks();
    try {
      cluster.apply(Reconciler.actions(capped(decision), cluster.status()));
    } catch (CortadoException e) {
      scalingRefusals++;
    }
  }

  /** The decision with each target held to the scenario's per-variant maximum. */
  private ScalingDecision capped(ScalingDecision decision) {
    int max = scenario.cluster().maxInstancesPerVariant();
    return new ScalingDecision(decision.targets().stream()
        .map(t -> t.instances() <= max ? t : new ScalingDecision.Target(t.variant(), max, t.size(), t.reason() + " (capped)"))
        .toList());
  }

  private void timeseriesStep(Consumer<TimeseriesRow> rows, DoubleConsumer progress) {
    ClassTally s = stats.closeStep();
    double seconds = scenario.timeseriesStep().toNanos() / 1e9;
    double cost = 0;
    for (VariantPool p : cluster.pools()) {
      cost += p.costUsd();
    }
    rows.accept(new TimeseriesRow(spec.label(), loop.now() / 1e9, s.arrived / seconds, s.answered / seconds,
        s.rejected() / seconds, s.arrived == 0 ? Double.NaN : (double) s.withinSlo / s.arrived,
        s.latencies.quantile(0.5) / 1e6, s.latencies.quantile(0.99) / 1e6, tightestSloMs,
        cluster.count(InstanceState.READY), cluster.count(InstanceState.STARTING), cluster.coresInUse(), cost, forecastRate()));
    progress.accept((double) loop.now() / endNanos);
  }

  /** The rate the policy last provisioned for, summed over variants; NaN when it does not forecast. */
  private double forecastRate() {
    double sum = Double.NaN;
    for (VariantPool p : cluster.pools()) {
      double f = policy.forecastRate(p.variant());
      if (Double.isFinite(f)) {
        sum = Double.isNaN(sum) ? f : sum + f;
      }
    }
    return sum;
  }

  private PolicyResult result(double wallSeconds) {
    List<PolicyResult.ClassResult> perClass = new ArrayList<>();
    ClassTally all = new ClassTally();
    for (int i = 0; i < stats.total.length; i++) {
      ClassTally t = stats.total[i];
      t.add(stats.step[i]);
      all.add(t);
      perClass.add(new PolicyResult.ClassResult(scenario.classes().get(i).name(), t.arrived, t.answered, t.rejected(),
          t.arrived == 0 ? Double.NaN : (double) t.withinSlo / t.arrived, t.latencies.quantile(0.5) / 1e6,
          t.latencies.quantile(0.99) / 1e6, t.answered == 0 ? Double.NaN : t.accuracySum / t.answered));
    }
    double cost = 0;
    double cores = 0;
    double instances = 0;
    long coldStarts = 0;
    long unfinished = 0;
    for (VariantPool p : cluster.pools()) {
      cost += p.costUsd();
      cores += p.coreSeconds();
      instances += p.instanceSeconds();
      coldStarts += p.coldStarts();
      unfinished += p.inFlight();
    }
    double simulated = endNanos / 1e9;
    return new PolicyResult(spec.label(), all.arrived, all.answered, all.rejected(), unfinished,
        all.arrived == 0 ? Double.NaN : (double) all.withinSlo / all.arrived, all.latencies.quantile(0.5) / 1e6,
        all.latencies.quantile(0.99) / 1e6, all.answered == 0 ? Double.NaN : all.accuracySum / all.answered, cost, cores,
        instances, instances / simulated, coldStarts, scalingRefusals, simulated, wallSeconds,
        wallSeconds > 0 ? all.arrived / wallSeconds : Double.NaN, perClass);
  }
}
