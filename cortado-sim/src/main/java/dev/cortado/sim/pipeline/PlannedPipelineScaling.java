package dev.cortado.sim.pipeline;

import dev.cortado.control.scaling.ScalingDecision;
import dev.cortado.core.model.InstanceSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A planner-driven pipeline autoscaler ({@code fa2}, {@code fa2-oracle}, {@code even-split}):
 * every tick it takes the demand estimate, times the headroom, rounded up to the next step of a 2 %
 * grid (so that nearby rates share one plan, computed once), and sizes every stage for it. Each
 * stage then serves with the sized model and batch cap, and with the deadline its planned delay
 * gives it (the critical path's delays scaled to the SLO); its instances go up at once and down only
 * to the most it was sized for over the scale-down delay.
 */
final class PlannedPipelineScaling implements PipelinePolicy {
  /** The grid rates are rounded up to: consecutive steps 2 % apart. */
  static final double RATE_STEP = 1.02;
  /** The least rate planned for, so that a quiet pipeline keeps its configuration finite. */
  static final double MIN_RATE = 1;

  private final String name;
  private final List<StageSetup> stages;
  private final PipelineGraph graph;
  private final PipelineSpec spec;
  private final PipelineDemand demand;
  private final StageSizing sizing;
  private final InstanceSize size;
  private final int maxInstances;
  private final Map<Double, SizedPipeline> plans = new HashMap<>();
  private final List<ArrayDeque<Wanted>> wanted = new ArrayList<>();

  private record Wanted(Instant at, int candidate, int instances) {}

  PlannedPipelineScaling(String name, List<StageSetup> stages, PipelineGraph graph, PipelineSpec spec, PipelineDemand demand,
      StageSizing sizing, InstanceSize size, int maxInstances) {
    this.name = Objects.requireNonNull(name, "name");
    this.stages = List.copyOf(stages);
    this.graph = graph;
    this.spec = spec;
    this.demand = demand;
    this.sizing = sizing;
    this.size = size;
    this.maxInstances = maxInstances;
    stages.forEach(s -> wanted.add(new ArrayDeque<>()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration tick() {
    return Duration.ofSeconds(1);
  }

  @Override
  public PipelineDecision first(PipelineObservation observation, Instant now) {
    return plan(demand.rate(now, 0, 0, 0), now);
  }

  @Override
  public PipelineDecision decide(PipelineObservation observation, Instant now) {
    return plan(demand.rate(now, observation.tickSeconds(), observation.arrivals(), observation.backlog()), now);
  }

  /** {@code rate} rounded up to the grid: the least {@code 1.02^k} at or above it. */
  static double gridRate(double rate) {
    double r = Math.max(MIN_RATE, rate);
    double k = Math.ceil(Math.log(r) / Math.log(RATE_STEP) - 1e-9);
    return Math.pow(RATE_STEP, k);
  }

  private PipelineDecision plan(double demandRate, Instant now) {
    double rate = gridRate(demandRate * spec.headroom());
    SizedPipeline plan = plans.computeIfAbsent(rate, sizing::size);
    double[] latest = graph.latestFinishMs(plan.delaysMs(), spec.sloMs());
    List<StageConfig> configs = new ArrayList<>();
    List<ScalingDecision.Target> targets = new ArrayList<>();
    for (int s = 0; s < stages.size(); s++) {
      SizedStage st = plan.stages().get(s);
      configs.add(new StageConfig(st.candidate(), st.batch(), latest[s]));
      int instances = Math.min(maxInstances, held(s, now, st));
      String why = String.format(Locale.ROOT, "%s at %.0f/s (demand %.0f/s x headroom %.2f): %s, batch %d, %d instances "
          + "(%d planned), leaves by %.2f ms", name, rate, demandRate, spec.headroom(), plan.summary(), st.batch(), instances,
          st.instances(), latest[s]);
      targets.add(new ScalingDecision.Target(stages.get(s).poolName(st.candidate()), instances, size, why));
    }
    return new PipelineDecision(configs, new ScalingDecision(targets), rate);
  }

  /** The most instances stage {@code s} was sized for over the scale-down delay, on its current model. */
  private int held(int s, Instant now, SizedStage st) {
    ArrayDeque<Wanted> w = wanted.get(s);
    if (!w.isEmpty() && w.getLast().candidate() != st.candidate()) {
      w.clear();
    }
    w.addLast(new Wanted(now, st.candidate(), st.instances()));
    Instant horizon = now.minus(spec.scaleDownDelay());
    while (w.getFirst().at().isBefore(horizon)) {
      w.removeFirst();
    }
    int max = 0;
    for (Wanted x : w) {
      max = Math.max(max, x.instances());
    }
    return max;
  }
}
