package dev.cortado.server.control;

import dev.cortado.control.scaling.ClassMix;
import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.control.scaling.Reconciler;
import dev.cortado.control.scaling.RoutingPolicy;
import dev.cortado.control.scaling.ScalingContext;
import dev.cortado.control.scaling.ScalingDecision;
import dev.cortado.control.scaling.ScalingPolicies;
import dev.cortado.control.scaling.ScalingPolicy;
import dev.cortado.control.scaling.ScalingSetup;
import dev.cortado.control.scaling.VariantObservation;
import dev.cortado.core.cluster.ClusterStatus;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.cluster.ScalingAction;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.batching.LoadMeter;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.routing.RequestClasses;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live control loop: one daemon thread that, every {@code policy.tick()}, measures each
 * serving variant (its {@link LoadMeter} and the cluster's status), asks the scaling policy, turns
 * its decision into actions with the {@link Reconciler} and applies them to the {@link LocalCluster}
 * one by one, logging each decision with its inputs and the outcome of its actions. The same policy
 * objects run in the simulator.
 *
 * <p>The policy is built from the variants being served and rebuilt, with fresh state, whenever
 * that set (model names and versions) changes: a model loaded, unloaded or replaced at run time.
 * Variants without a known profile are left to the cold-start path ({@code ensureInstance}).
 *
 * <p>Each tick also tells the policy the request classes the router saw over the last
 * {@link #CLASS_WINDOW} ({@link ClassWindow}), so Cortado's autoscaler may move a class onto a
 * variant that runs anyway; the routes of the classes it moved are published back to the router
 * ({@link RequestClasses#publish}).
 *
 * <p>A tick never throws out of the loop: a failure is logged and counted, and the next tick runs.
 * Its state is touched by the loop's thread only (or by a test calling {@link #tick()} instead of
 * {@link #start()}), so it needs no lock.
 */
public final class ControlLoop implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ControlLoop.class.getName());

  /** How far back the request classes told to the policy reach. */
  public static final Duration CLASS_WINDOW = Duration.ofSeconds(60);

  private final String policyName;
  private final CortadoScaling.Settings settings;
  private final LocalCluster cluster;
  private final Batchers batchers;
  private final ServingSetup setups;
  private final DecisionLog log;
  private final ScalingMetrics metrics;
  private final InstantSource clock;
  private final RequestClasses classes;
  private final ClassWindow classWindow = new ClassWindow(CLASS_WINDOW);
  private ScalingPolicy policy;
  /** The variants (name:version) the policy was built for; null before the first tick. */
  private List<String> serving;
  private Instant lastTick;
  private long refusals;
  private Thread thread;
  private volatile boolean running;

  /** A loop whose router classes no requests (plain model requests only). */
  public ControlLoop(String policyName, CortadoScaling.Settings settings, LocalCluster cluster, Batchers batchers,
      ServingSetup setups, DecisionLog log, ScalingMetrics metrics, InstantSource clock) {
    this(policyName, settings, cluster, batchers, setups, log, metrics, clock, new RequestClasses());
  }

  /**
   * @param policyName a name from {@link ScalingPolicies#NAMES}
   * @param settings the settings of the {@code cortado} policy
   * @param classes what the router counts of the request classes, and where it sends moved ones
   */
  public ControlLoop(String policyName, CortadoScaling.Settings settings, LocalCluster cluster, Batchers batchers,
      ServingSetup setups, DecisionLog log, ScalingMetrics metrics, InstantSource clock, RequestClasses classes) {
    if (!ScalingPolicies.NAMES.contains(policyName)) {
      throw new IllegalArgumentException("autoscaler = '" + policyName + "', must be one of " + ScalingPolicies.NAMES);
    }
    this.policyName = policyName;
    this.settings = settings;
    this.cluster = cluster;
    this.batchers = batchers;
    this.setups = setups;
    this.log = log;
    this.metrics = metrics;
    this.clock = clock;
    this.classes = classes;
    this.lastTick = clock.instant();
  }

  /** Starts the loop's thread; it ticks until {@link #close()}. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("control loop already started");
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("cortado-control-loop").start(this::run);
  }

  private void run() {
    long next = System.nanoTime();
    while (running) {
      next += tickLength().toNanos();
      long wait = next - System.nanoTime();
      try {
        if (wait > 0) {
          Thread.sleep(Duration.ofNanos(wait));
        } else {
          next = System.nanoTime(); // fell behind (a slow tick): do not try to catch up
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        return;
      }
      try {
        tick();
      } catch (RuntimeException e) {
        metrics.tickFailed();
        LOG.log(System.Logger.Level.ERROR, "control loop tick failed; the next tick goes on", e);
      }
    }
  }

  private Duration tickLength() {
    return policy != null ? policy.tick() : settings.tick();
  }

  /**
   * One tick: measure, decide, reconcile, apply, log. The loop's thread calls it every tick; a test
   * may call it instead, stepping the clock it gave.
   */
  public void tick() {
    Instant now = clock.instant();
    Duration length = Duration.ofNanos(Math.max(1, Duration.between(lastTick, now).toNanos()));
    lastTick = now;
    List<ModelVersion> versions = cluster.servingVersions();
    Map<String, LoadMeter.LoadSnapshot> load = new HashMap<>();
    Map<String, Long> arrivals = new HashMap<>();
    for (ModelVersion mv : versions) {
      LoadMeter.LoadSnapshot s = batchers.meter(mv.name()).snapshot();
      load.put(mv.name(), s);
      arrivals.put(mv.name(), s.arrivals());
    }
    classWindow.add(now, arrivals, classes.drain());
    ClusterStatus status = cluster.status();
    refreshPolicy(versions, status.coreBudget(), now);
    if (policy == null) {
      return;
    }
    double seconds = length.toNanos() / 1e9;
    List<VariantObservation> observations = new ArrayList<>();
    for (ModelVersion mv : versions) {
      LoadMeter.LoadSnapshot s = load.get(mv.name());
      observations.add(new VariantObservation(mv.name(), currentSize(mv, status), (int) status.count(mv.name(), InstanceState.READY),
          (int) status.count(mv.name(), InstanceState.STARTING), s.arrivals(), Math.max(0, s.meanInFlight()),
          batchers.queued(mv.name()), s.answered(), s.meanLatencyMs(), s.meanBatchLatencyMs(), s.burstArrivals()));
    }
    ScalingContext context = new ScalingContext(length, observations, status.coreBudget(),
        Optional.of(classWindow.mix(facts(versions))));
    ScalingDecision decision = policy.decide(context, now);
    publishRoutes();
    Map<String, List<DecisionLog.Action>> outcomes = apply(Reconciler.actions(decision, status), status);
    for (ScalingDecision.Target t : decision.targets()) {
      DecisionLog.Inputs inputs = context.of(t.variant())
          .map(o -> new DecisionLog.Inputs(o.arrivalRate(seconds), o.meanInFlight(), o.queued(), o.ready(), o.starting(),
              o.answered(), o.meanLatencyMs()))
          .orElse(new DecisionLog.Inputs(0, 0, 0, 0, 0, 0, Double.NaN));
      log.add(new DecisionLog.Decision(now, t.variant(), t.instances(), t.size().threads(), t.reason(), inputs,
          outcomes.getOrDefault(t.variant(), List.of())));
      metrics.target(t.variant(), t.instances());
    }
  }

  /** Per serving variant of a task, its task and accuracy. */
  private static Map<String, ClassMix.VariantFacts> facts(List<ModelVersion> versions) {
    Map<String, ClassMix.VariantFacts> facts = new LinkedHashMap<>();
    for (ModelVersion mv : versions) {
      double accuracy = mv.config().accuracyValue().orElse(0);
      mv.config().task().ifPresent(t -> facts.put(mv.name(), new ClassMix.VariantFacts(t, accuracy)));
    }
    return facts;
  }

  /**
   * The classes the policy moved, each to the variant it moved it to, for the router (none from a
   * policy that moves none); and the metrics of the classes seen and moved.
   */
  private void publishRoutes() {
    Map<RequestClasses.Key, String> moved = new HashMap<>();
    Map<String, RequestClasses.Key> keys = classWindow.keys();
    if (policy instanceof RoutingPolicy routing) {
      routing.routes().forEach((name, split) -> {
        RequestClasses.Key key = keys.get(name);
        if (key != null && !split.isEmpty()) {
          moved.put(key, Collections.max(split.entrySet(), Map.Entry.comparingByValue()).getKey());
        }
      });
    }
    if (!moved.equals(classes.routes())) {
      classes.publish(moved);
    }
    metrics.classes(keys.size(), moved.size());
  }

  /** Actions the cluster refused since the loop began. */
  public long refusals() {
    return refusals;
  }

  /** The policy deciding now; empty while no variant can be scaled. */
  public Optional<ScalingPolicy> policy() {
    return Optional.ofNullable(policy);
  }

  /** Rebuilds the policy, with fresh state, when the serving variants changed. */
  private void refreshPolicy(List<ModelVersion> versions, int coreBudget, Instant now) {
    List<String> names = versions.stream().map(mv -> mv.name() + ":" + mv.version()).toList();
    if (names.equals(serving)) {
      return;
    }
    boolean first = serving == null;
    serving = names;
    policy = null;
    classes.publish(Map.of());
    List<String> unprofiled = new ArrayList<>();
    Optional<ScalingSetup> setup = setups.of(versions, coreBudget, now, unprofiled);
    if (!unprofiled.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "autoscaler {0}: no profile of {1} on this machine; they start on demand only",
          policyName, unprofiled);
    }
    if (setup.isPresent()) {
      policy = ScalingPolicies.create(policyName, setup.get(), settings);
      LOG.log(System.Logger.Level.INFO, "autoscaler {0} {1} {2}", policyName, first ? "scales" : "rebuilt for", names);
    }
  }

  /** The size the variant's ready instances run at, else its configured size. */
  private static InstanceSize currentSize(ModelVersion mv, ClusterStatus status) {
    return status.of(mv.name()).stream()
        .filter(i -> i.state() == InstanceState.READY)
        .map(InstanceStatus::size)
        .findFirst()
        .orElse(mv.config().instanceSize());
  }

  /** Applies actions one by one (one refusal does not stop the rest); their outcomes by variant. */
  private Map<String, List<DecisionLog.Action>> apply(List<ScalingAction> actions, ClusterStatus status) {
    Map<String, List<DecisionLog.Action>> outcomes = new HashMap<>();
    for (ScalingAction action : actions) {
      String variant = variantOf(action, status);
      String outcome;
      try {
        cluster.apply(List.of(action));
        boolean skipped = !(action instanceof ScalingAction.Start) && LocalCluster.isStarting(instanceOf(action).orElse(""));
        outcome = skipped ? "skipped: still starting" : "applied";
        if (!skipped) {
          metrics.applied(kind(action), variant);
        }
      } catch (RuntimeException e) {
        refusals++;
        metrics.refused(variant);
        outcome = "refused: " + e.getMessage();
        LOG.log(System.Logger.Level.INFO, "autoscaler {0}: {1} of {2} refused: {3}", policyName, kind(action), variant, e.getMessage());
      }
      outcomes.computeIfAbsent(variant, v -> new ArrayList<>())
          .add(new DecisionLog.Action(kind(action), instanceOf(action), threadsOf(action), outcome));
    }
    return outcomes;
  }

  private static String variantOf(ScalingAction action, ClusterStatus status) {
    return switch (action) {
      case ScalingAction.Start s -> s.variant();
      case ScalingAction.Stop s -> owner(s.instanceId(), status);
      case ScalingAction.Resize r -> owner(r.instanceId(), status);
    };
  }

  private static String owner(String instanceId, ClusterStatus status) {
    return status.instances().stream().filter(i -> i.id().equals(instanceId)).map(InstanceStatus::variant).findFirst()
        .orElse(instanceId);
  }

  private static String kind(ScalingAction action) {
    return switch (action) {
      case ScalingAction.Start s -> "start";
      case ScalingAction.Stop s -> "stop";
      case ScalingAction.Resize r -> "resize";
    };
  }

  private static Optional<String> instanceOf(ScalingAction action) {
    return switch (action) {
      case ScalingAction.Start s -> Optional.empty();
      case ScalingAction.Stop s -> Optional.of(s.instanceId());
      case ScalingAction.Resize r -> Optional.of(r.instanceId());
    };
  }

  private static int threadsOf(ScalingAction action) {
    return switch (action) {
      case ScalingAction.Start s -> s.size().threads();
      case ScalingAction.Stop s -> 0;
      case ScalingAction.Resize r -> r.size().threads();
    };
  }

  /** Stops the loop's thread (instances stay as they are). */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
