package dev.cortado.sim.pipeline;

import dev.cortado.control.batching.BatchPolicies;
import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.batching.BatchingConfig;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.control.scaling.Reconciler;
import dev.cortado.control.scaling.ScalingContext;
import dev.cortado.control.scaling.ScalingDecision;
import dev.cortado.control.scaling.VariantObservation;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.cluster.ClassTag;
import dev.cortado.sim.cluster.Machine;
import dev.cortado.sim.cluster.PoolListener;
import dev.cortado.sim.cluster.SimulatedCluster;
import dev.cortado.sim.cluster.VariantPool;
import dev.cortado.sim.engine.EventLoop;
import dev.cortado.sim.run.PolicyRun;
import dev.cortado.sim.run.TimeseriesRow;
import dev.cortado.sim.scenario.PolicySpec;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.trace.ArrivalStream;
import dev.cortado.sim.trace.ArrivalTrace;
import dev.cortado.sim.trace.TraceRates;
import dev.cortado.sim.trace.TraceWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * One policy's run of a pipeline scenario on a fresh {@link EventLoop}. Each stage candidate is a
 * {@link VariantPool} (its own deadline-ordered queue, batcher and instances, with cold starts,
 * contention on the shared {@link Machine} and billing); all pools form one
 * {@link SimulatedCluster} that the policy's targets reach through the {@link Reconciler}, as in
 * the single-model runs. A request enters the pipeline's first stages on arrival; leaving a stage it
 * enters each successor whose every predecessor it has left (a fan-in waits for the slowest
 * branch); leaving the last sink it is done, and its end-to-end latency is judged against the SLO.
 * In each stage its deadline is its arrival plus the stage's latest finish from the policy's last
 * decision. A stage that refuses or sheds it fails it: nothing further is started for it.
 */
public final class PipelineRun {
  private final PipelineScenario scenario;
  private final Scenario base;
  private final PolicySpec spec;
  private final PipelineGraph graph;
  private final List<StageSetup> stages;
  private final EventLoop loop = new EventLoop();
  private final VariantPool[] pools;
  private final int[] poolStage;
  private final int[][] stagePools;
  private final PoolTally[] poolTallies;
  private final List<Map<Integer, BatchPolicy>> batchPolicies = new ArrayList<>();
  private final int[] batchCap;
  private final int[] active;
  private final long[] latestFinishNanos;
  private final SimulatedCluster cluster;
  private final InFlightRequests requests;
  private final PipelineTally step = new PipelineTally();
  private final PipelineTally total = new PipelineTally();
  private final PipelinePolicy policy;
  private final ArrivalStream arrivals;
  private final long sloNanos;
  private final long endNanos;
  private final int[] sources;
  private long tickArrivals;
  private long lastTickNanos;
  private long scalingRefusals;
  private double plannedRate = Double.NaN;
  private final Runnable arrive = this::arrive;

  PipelineRun(PipelineScenario scenario, PolicySpec spec, List<StageSetup> stages, ArrivalTrace trace) {
    this.scenario = scenario;
    this.base = scenario.base();
    this.spec = spec;
    this.stages = List.copyOf(stages);
    this.graph = new PipelineGraph(scenario.pipeline());
    this.requests = new InFlightRequests(graph);
    this.sloNanos = Math.round(scenario.pipeline().sloMs() * 1e6);
    Machine machine = new Machine(base.cluster().cores());
    List<VariantPool> list = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    this.stagePools = new int[stages.size()][];
    for (int s = 0; s < stages.size(); s++) {
      StageSetup st = stages.get(s);
      stagePools[s] = new int[st.models().size()];
      for (int c = 0; c < st.models().size(); c++) {
        int index = list.size();
        stagePools[s][c] = index;
        batchPolicies.add(new HashMap<>());
        list.add(new VariantPool(loop, st.pools().get(c), policyFor(st, c, index, st.maxBatch()), base.cluster().queueCapacity(),
            machine, base.cost(), new StageListener(index), base.seed() + index + 1, base.cluster().startOverhead().toNanos()));
        owner.add(s);
      }
    }
    this.pools = list.toArray(VariantPool[]::new);
    this.poolStage = owner.stream().mapToInt(Integer::intValue).toArray();
    this.poolTallies = new PoolTally[pools.length];
    this.batchCap = new int[pools.length];
    for (int p = 0; p < pools.length; p++) {
      poolTallies[p] = new PoolTally();
      batchCap[p] = stages.get(poolStage[p]).maxBatch();
    }
    this.active = new int[stages.size()];
    this.latestFinishNanos = new long[stages.size()];
    this.cluster = new SimulatedCluster(list, base.cluster().coreBudget());
    List<Integer> first = new ArrayList<>();
    for (int s = 0; s < stages.size(); s++) {
      if (graph.predecessors(s) == 0) {
        first.add(s);
      }
    }
    this.sources = first.stream().mapToInt(Integer::intValue).toArray();
    this.arrivals = ArrivalStream.of(trace, base.window(), base.seed());
    InstanceSize size = InstanceSize.cpu(base.cluster().instanceThreads());
    this.policy = PipelinePolicies.create(spec.name(), new PipelineSetup(scenario, stages, graph, size,
        TraceRates.of(trace, base.window(), Duration.ofSeconds(1)), past(trace)));
    this.endNanos = base.window().length().plus(base.drain()).toNanos();
  }

  /** The per-minute rates of the trace before the window (at most {@link PolicyRun#HISTORY}), ending at the origin. */
  private RateHistory past(ArrivalTrace trace) {
    Duration start = base.window().start();
    Duration length = Duration.ofMinutes((start.compareTo(PolicyRun.HISTORY) < 0 ? start : PolicyRun.HISTORY).toMinutes());
    double[] rates = length.isZero() ? new double[0]
        : TraceRates.of(trace, new TraceWindow(start.minus(length), length, base.window().scale()), Duration.ofMinutes(1));
    return new RateHistory(loop.instant().minus(Duration.ofMinutes(rates.length)), Duration.ofMinutes(1), rates);
  }

  private BatchPolicy policyFor(StageSetup stage, int candidate, int pool, int cap) {
    return batchPolicies.get(pool).computeIfAbsent(cap, b -> BatchPolicies.byName(spec.batching(),
        stage.pools().get(candidate).defaultProfile(), BatchingConfig.builder()
            .maxBatch(b)
            .defaultSloMs(scenario.pipeline().sloMs())
            .queueCapacity(base.cluster().queueCapacity())
            .build()));
  }

  /** Runs to the end of the window and the drain; rows go to {@code rows}, progress (0..1) to {@code progress}. */
  public PipelineResult run(Consumer<TimeseriesRow> rows, DoubleConsumer progress) {
    long wallStart = System.nanoTime();
    PipelineDecision first = policy.first(observation(), loop.instant());
    configure(first);
    for (ScalingAction a : Reconciler.actions(capped(first.instances()), cluster.status())) {
      if (a instanceof ScalingAction.Start s) {
        cluster.pool(s.variant()).startWarm(s.size());
      }
    }
    resetTicks();
    long tick = policy.tick().toNanos();
    loop.scheduleEvery(tick, tick, endNanos, this::controlTick);
    long stepNanos = base.timeseriesStep().toNanos();
    Runnable row = () -> timeseriesStep(rows, progress);
    loop.scheduleEvery(stepNanos, stepNanos, endNanos - 1, row);
    if (endNanos > 0) {
      loop.schedule(endNanos, row);
    }
    scheduleNextArrival();
    loop.run(endNanos);
    return result((System.nanoTime() - wallStart) / 1e9);
  }

  private void scheduleNextArrival() {
    long next = arrivals.nextNanos();
    if (next >= 0) {
      loop.schedule(Math.max(loop.now(), next), arrive);
    }
  }

  private void arrive() {
    int id = requests.open(loop.now());
    step.arrived++;
    tickArrivals++;
    for (int s : sources) {
      enter(id, s);
      if (requests.failed(id)) {
        break;
      }
    }
    scheduleNextArrival();
  }

  /** Request {@code id} enters stage {@code s}, due to leave it by its arrival plus the stage's latest finish. */
  private void enter(int id, int s) {
    int p = stagePools[s][active[s]];
    requests.visitStarted(id);
    poolTallies[p].arrivals++;
    double sloMs = (requests.arrival(id) + latestFinishNanos[s] - loop.now()) / 1e6;
    pools[p].arrive(new ClassTag(id, sloMs));
  }

  private void left(int pool, int id) {
    int remaining = requests.visitEnded(id);
    if (requests.failed(id)) {
      if (remaining == 0) {
        step.failed++;
        requests.close(id);
      }
      return;
    }
    int s = poolStage[pool];
    if (graph.isSink(s) && requests.sinkLeft(id) == 0) {
      long latency = loop.now() - requests.arrival(id);
      step.completed++;
      if (latency <= sloNanos) {
        step.withinSlo++;
      }
      step.latencies.record(latency);
      requests.close(id);
      return;
    }
    for (int t : graph.successors(s)) {
      if (requests.predecessorDone(id, t) == 0) {
        enter(id, t);
        if (requests.failed(id)) {
          return;
        }
      }
    }
  }

  private void rejected(int id) {
    int remaining = requests.visitEnded(id);
    requests.fail(id);
    if (remaining == 0) {
      step.failed++;
      requests.close(id);
    }
  }

  /** Reports one pool's requests to the run. */
  private final class StageListener implements PoolListener {
    private final int pool;

    StageListener(int pool) {
      this.pool = pool;
    }

    @Override
    public void refused(String variant, ClassTag tag) {
      rejected(tag.index());
    }

    @Override
    public void shed(String variant, ClassTag tag) {
      rejected(tag.index());
    }

    @Override
    public void answered(String variant, ClassTag tag, long latencyNanos) {
      PoolTally t = poolTallies[pool];
      t.answered++;
      t.latencyNanosSum += latencyNanos;
      left(pool, tag.index());
    }

    @Override
    public void batchDone(String variant, int items, long serviceNanos) {
      PoolTally t = poolTallies[pool];
      t.batches++;
      t.batchNanosSum += serviceNanos;
    }
  }

  private PipelineObservation observation() {
    long now = loop.now();
    Duration tickLength = Duration.ofNanos(Math.max(1, now - lastTickNanos));
    List<VariantObservation> observations = new ArrayList<>();
    for (int p = 0; p < pools.length; p++) {
      VariantPool pool = pools[p];
      PoolTally t = poolTallies[p];
      double integral = pool.inFlightIntegral();
      double meanInFlight = now > lastTickNanos ? (integral - t.inFlightIntegralAtTick) / (now - lastTickNanos) : pool.inFlight();
      observations.add(new VariantObservation(pool.variant(), pool.currentSize(), pool.count(InstanceState.READY),
          pool.count(InstanceState.STARTING), t.arrivals, Math.max(0, meanInFlight), pool.queued(), t.answered,
          t.answered == 0 ? Double.NaN : t.latencyNanosSum / t.answered / 1e6,
          t.batches == 0 ? Double.NaN : t.batchNanosSum / t.batches / 1e6, pool.burstArrivals()));
    }
    return new PipelineObservation(tickArrivals, new ScalingContext(tickLength, observations, cluster.coreBudget()));
  }

  private void resetTicks() {
    lastTickNanos = loop.now();
    tickArrivals = 0;
    for (int p = 0; p < pools.length; p++) {
      poolTallies[p].reset(pools[p].inFlightIntegral());
      pools[p].startBurstCount();
    }
  }

  private void controlTick() {
    PipelineDecision decision = policy.decide(observation(), loop.instant());
    resetTicks();
    configure(decision);
    try {
      cluster.apply(Reconciler.actions(capped(decision.instances()), cluster.status()));
    } catch (CortadoException e) {
      scalingRefusals++;
    }
  }

  /** Applies each stage's model, batch cap and deadline. */
  private void configure(PipelineDecision decision) {
    plannedRate = decision.plannedRate();
    for (int s = 0; s < stages.size(); s++) {
      StageConfig c = decision.stages().get(s);
      active[s] = c.candidate();
      latestFinishNanos[s] = Math.round(c.latestFinishMs() * 1e6);
      int p = stagePools[s][c.candidate()];
      if (batchCap[p] != c.batchCap()) {
        batchCap[p] = c.batchCap();
        pools[p].replacePolicy(policyFor(stages.get(s), c.candidate(), p, c.batchCap()));
      }
    }
  }

  /**
   * The targets held to the scenario's per-variant maximum, plus zero for every pool no stage uses
   * any more once its queue has drained.
   */
  private ScalingDecision capped(ScalingDecision decision) {
    int max = base.cluster().maxInstancesPerVariant();
    List<ScalingDecision.Target> targets = new ArrayList<>();
    for (ScalingDecision.Target t : decision.targets()) {
      targets.add(t.instances() <= max ? t : new ScalingDecision.Target(t.variant(), max, t.size(), t.reason() + " (capped)"));
    }
    for (int p = 0; p < pools.length; p++) {
      int s = poolStage[p];
      if (stagePools[s][active[s]] != p && pools[p].inFlight() == 0) {
        targets.add(new ScalingDecision.Target(pools[p].variant(), 0, pools[p].currentSize(), "not the stage's model now"));
      }
    }
    return new ScalingDecision(targets);
  }

  private void timeseriesStep(Consumer<TimeseriesRow> rows, DoubleConsumer progress) {
    double seconds = base.timeseriesStep().toNanos() / 1e9;
    double cost = 0;
    for (VariantPool p : pools) {
      cost += p.costUsd();
    }
    PipelineTally s = step;
    rows.accept(new TimeseriesRow(spec.label(), loop.now() / 1e9, s.arrived / seconds, s.completed / seconds, s.failed / seconds,
        s.arrived == 0 ? Double.NaN : (double) s.withinSlo / s.arrived, s.latencies.quantile(0.5) / 1e6,
        s.latencies.quantile(0.99) / 1e6, scenario.pipeline().sloMs(), cluster.count(InstanceState.READY),
        cluster.count(InstanceState.STARTING), cluster.coresInUse(), cost, plannedRate));
    total.add(step);
    step.clear();
    progress.accept((double) loop.now() / endNanos);
  }

  private PipelineResult result(double wallSeconds) {
    total.add(step);
    step.clear();
    double simulated = endNanos / 1e9;
    double cores = 0;
    double cost = 0;
    long coldStarts = 0;
    List<PipelineResult.StageResult> perStage = new ArrayList<>();
    for (int s = 0; s < stages.size(); s++) {
      double stageCores = 0;
      double instances = 0;
      long starts = 0;
      for (int p : stagePools[s]) {
        stageCores += pools[p].coreSeconds();
        instances += pools[p].instanceSeconds();
        starts += pools[p].coldStarts();
        cost += pools[p].costUsd();
      }
      cores += stageCores;
      coldStarts += starts;
      perStage.add(new PipelineResult.StageResult(stages.get(s).stage(), stageCores, instances / simulated, starts,
          stages.get(s).models().get(active[s]), batchCap[stagePools[s][active[s]]]));
    }
    return new PipelineResult(spec.label(), total.arrived, total.completed, total.withinSlo, total.failed, requests.live(),
        total.latencies.quantile(0.5) / 1e6, total.latencies.quantile(0.99) / 1e6,
        total.latencies.mean() / 1e6, total.latencies.max() / 1e6, cores, cores / simulated, cost, coldStarts,
        scalingRefusals, simulated, wallSeconds, perStage);
  }
}
