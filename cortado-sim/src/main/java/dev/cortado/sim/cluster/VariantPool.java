package dev.cortado.sim.cluster;

import dev.cortado.control.batching.BatchOutcome;
import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.batching.Dispatch;
import dev.cortado.control.batching.Offer;
import dev.cortado.control.batching.Pending;
import dev.cortado.control.batching.RequestQueue;
import dev.cortado.control.cost.CostModel;
import dev.cortado.control.scaling.BurstMeter;
import dev.cortado.control.scaling.VariantObservation;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.cluster.InstanceStatus;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.engine.EventLoop;
import dev.cortado.sim.engine.ServiceTimes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One variant's queue, batcher and instances on simulated time, stepping exactly as the server's
 * batcher does: admit with {@code policy.rejection}; on every arrival, timer, finished batch and
 * instance becoming ready, shed what the policy rejects, then {@code policy.decide} on a view with
 * the idle instances; on {@code Now} run the batch on an idle instance, on {@code WaitUntil} set a
 * timer; after each batch {@code policy.observe}. A request that arrives while no instance is ready
 * waits in the queue (as Knative's activator buffers it) until one is, or until the policy sheds it.
 *
 * <p>Instances bill from the start of their cold start until they are gone. Not thread-safe: it
 * lives on its {@link EventLoop}'s thread.
 */
public final class VariantPool {
  private static final int DEFAULT_PRIORITY_LEVEL = 1;
  private static final long NO_TIMER = -1;

  private final EventLoop loop;
  private final VariantSetup setup;
  /** Replaced only by {@link #replacePolicy}. */
  private BatchPolicy policy;
  private final Machine machine;
  private final CostModel cost;
  private final PoolListener listener;
  private final RequestQueue<ClassTag> queue;
  /** {@link BatchPolicy#rejectsByDeadline()}, asked once per policy. */
  private boolean byDeadline;
  private final Map<Integer, ServiceTimes> serviceTimes = new HashMap<>();
  private final long seed;
  private final long startOverheadNanos;
  private final List<SimInstance> instances = new ArrayList<>();
  /** READY instances with no batch, most recently freed first. */
  private final ArrayDeque<SimInstance> idle = new ArrayDeque<>();
  private int nextId;
  private long timerAt = NO_TIMER;

  private int inFlight;
  /** The most arrivals within a burst window since the control loop last looked. */
  private final BurstMeter bursts = BurstMeter.standard();
  private long inFlightSince;
  private double inFlightIntegral;

  /** Each finished batch's request latencies and SLOs, refilled per batch (its outcome copies them). */
  private final List<Double> latenciesMs = new ArrayList<>();
  private final List<Double> slosMs = new ArrayList<>();

  private long busyDoneNanos;
  private int running;
  /** Sum of the start times of the running batches: their busy time so far is {@code running * now - this}. */
  private long runningStartSum;

  private double closedInstanceNanos;
  private double closedCoreNanos;
  private double closedCostUsd;
  private long coldStarts;

  /**
   * @param startOverheadNanos added to every profiled cold start: what starting an instance costs
   *     beyond loading its session (a process or a container), 0 for instances in a running server
   */
  public VariantPool(EventLoop loop, VariantSetup setup, BatchPolicy policy, int queueCapacity, Machine machine, CostModel cost,
      PoolListener listener, long seed, long startOverheadNanos) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.setup = Objects.requireNonNull(setup, "setup");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.machine = Objects.requireNonNull(machine, "machine");
    this.cost = Objects.requireNonNull(cost, "cost");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.queue = new RequestQueue<>(queueCapacity, DEFAULT_PRIORITY_LEVEL);
    this.byDeadline = policy.rejectsByDeadline();
    this.seed = seed;
    if (startOverheadNanos < 0) {
      throw new IllegalArgumentException("startOverheadNanos = " + startOverheadNanos + ", must be >= 0");
    }
    this.startOverheadNanos = startOverheadNanos;
  }

  public String variant() {
    return setup.variant();
  }

  public VariantSetup setup() {
    return setup;
  }

  public BatchPolicy policy() {
    return policy;
  }

  /**
   * Batches with {@code next} from now on, as a batcher reconfigured at run time would (a planner
   * changed the variant's batch cap): queued requests stay, a running batch finishes and is
   * observed by {@code next}, and the new policy is asked at once.
   */
  public void replacePolicy(BatchPolicy next) {
    this.policy = Objects.requireNonNull(next, "next");
    this.byDeadline = next.rejectsByDeadline();
    decide();
  }

  // ---- requests ----

  /** A request of class {@code tag} arrives now; its deadline is now plus the class's SLO. */
  public void arrive(ClassTag tag) {
    Instant now = loop.instant();
    bursts.arrival(loop.now());
    Offer offer = queue.offer(tag, now, now.plusNanos(Math.round(tag.sloMs() * 1e6)), 0, 1, p -> policy.rejection(p, now));
    if (offer instanceof Offer.Rejected) {
      listener.refused(setup.variant(), tag);
    } else {
      changeInFlight(+1);
    }
    decide();
  }

  /** The most requests that arrived within {@link VariantObservation#BURST_WINDOW} since {@link #startBurstCount}. */
  public int burstArrivals() {
    return bursts.peak();
  }

  /** Starts the next tick's burst count. */
  public void startBurstCount() {
    bursts.startWindow(loop.now());
  }

  /** Requests waiting in the queue. */
  public int queued() {
    return queue.size();
  }

  /** Requests queued or running. */
  public int inFlight() {
    return inFlight;
  }

  /** The integral of {@link #inFlight()} over simulated time so far, in request-nanoseconds. */
  public double inFlightIntegral() {
    return inFlightIntegral + (double) inFlight * (loop.now() - inFlightSince);
  }

  private void changeInFlight(int delta) {
    long now = loop.now();
    inFlightIntegral += (double) inFlight * (now - inFlightSince);
    inFlightSince = now;
    inFlight += delta;
  }

  /** The batcher's step: shed, ask the policy, and act, until it says to wait. */
  private void decide() {
    while (true) {
      Instant now = loop.instant();
      if (!queue.isEmpty()) {
        // Every request here has one item and the default level, so service order is deadline
        // order and a policy that rejects by deadline rejects a prefix of the queue: shed from the
        // head rather than asking about every queued request (the same requests, in the same order).
        Predicate<Pending> rejected = p -> policy.rejection(p, now).isPresent();
        List<RequestQueue.Queued<ClassTag>> shed = byDeadline ? queue.removeWhile(rejected) : queue.removeIf(rejected);
        for (RequestQueue.Queued<ClassTag> q : shed) {
          changeInFlight(-1);
          listener.shed(setup.variant(), q.payload());
        }
      }
      Dispatch d = policy.decide(queue.view(idle.size()), now);
      switch (d) {
        case Dispatch.Now n -> startBatch(queue.takeQueued(n.requests(), now), n);
        case Dispatch.WaitUntil w -> {
          setTimer(Math.max(loop.now() + 1, loop.nanosAt(w.time())));
          return;
        }
        case Dispatch.Idle i -> {
          return;
        }
      }
    }
  }

  private void setTimer(long at) {
    if (timerAt == NO_TIMER || at < timerAt) {
      timerAt = at;
      loop.schedule(at, () -> onTimer(at));
    }
  }

  private void onTimer(long at) {
    if (timerAt != at) {
      return; // superseded by an earlier timer that already ran
    }
    timerAt = NO_TIMER;
    decide();
  }

  private void startBatch(List<RequestQueue.Queued<ClassTag>> batch, Dispatch.Now decision) {
    SimInstance instance = idle.pollFirst();
    if (instance == null) {
      throw new IllegalStateException("policy " + policy.name() + " dispatched a batch with no idle instance");
    }
    int items = 0;
    for (RequestQueue.Queued<ClassTag> q : batch) {
      items += q.pending().items();
    }
    long started = loop.now();
    double slowdown = machine.begin(instance.size.threads());
    long service = Math.round(serviceTimes(instance.size).drawNanos(items) * slowdown);
    instance.busy = true;
    instance.running = items;
    instance.batch = batch;
    instance.batchStarted = started;
    instance.decision = decision;
    running++;
    runningStartSum += started;
    loop.schedule(started + service, instance.finish);
  }

  private ServiceTimes serviceTimes(InstanceSize size) {
    ServiceTimes times = serviceTimes.get(size.threads());
    if (times == null) {
      times = new ServiceTimes(setup.profile(size), seed * 31 + size.threads());
      serviceTimes.put(size.threads(), times);
    }
    return times;
  }

  private void finishBatch(SimInstance instance) {
    List<RequestQueue.Queued<ClassTag>> batch = instance.batch;
    int items = instance.running;
    long started = instance.batchStarted;
    Dispatch.Now decision = instance.decision;
    instance.batch = null;
    instance.decision = null;
    long finished = loop.now();
    machine.end(instance.size.threads());
    running--;
    runningStartSum -= started;
    busyDoneNanos += finished - started;
    instance.busy = false;
    instance.running = 0;
    List<Double> latenciesMs = this.latenciesMs;
    List<Double> slosMs = this.slosMs;
    latenciesMs.clear();
    slosMs.clear();
    for (RequestQueue.Queued<ClassTag> q : batch) {
      Pending p = q.pending();
      long latency = finished - loop.nanosAt(p.arrival());
      changeInFlight(-1);
      listener.answered(setup.variant(), q.payload(), latency);
      latenciesMs.add(latency / 1e6);
      slosMs.add(p.sloMs());
    }
    listener.batchDone(setup.variant(), items, finished - started);
    double predicted = Double.isFinite(decision.predictedLatencyMs()) && decision.predictedLatencyMs() >= 0
        ? decision.predictedLatencyMs() : Double.NaN;
    policy.observe(new BatchOutcome(loop.instant(), items, (finished - started) / 1e6, predicted, decision.timerTriggered(),
        latenciesMs, slosMs));
    if (instance.state == InstanceState.STOPPING) {
      remove(instance);
    } else {
      idle.addFirst(instance);
    }
    decide();
  }

  // ---- instances ----

  /** Starts one instance of {@code size}: it takes work after the profiled cold start. */
  public String start(InstanceSize size) {
    return startInstance(size, null).id;
  }

  /** Starts one instance of {@code size} that is ready at once: a warm instance, as at the start of a run. */
  public String startWarm(InstanceSize size) {
    SimInstance instance = startInstance(size, null);
    coldStarts--;
    ready(instance);
    return instance.id;
  }

  private SimInstance startInstance(InstanceSize size, SimInstance replacing) {
    Profile profile = setup.profile(size);
    SimInstance instance = new SimInstance(setup.variant() + "-" + nextId++, size, loop.now(),
        cost.costPerSecond(size, profile.memoryBytes()));
    instance.finish = () -> finishBatch(instance);
    instance.replaces = replacing;
    instances.add(instance);
    coldStarts++;
    long coldStart = Math.round(profile.coldStartMs() * 1e6) + startOverheadNanos;
    loop.schedule(loop.now() + coldStart, () -> ready(instance));
    return instance;
  }

  private void ready(SimInstance instance) {
    if (instance.state != InstanceState.STARTING) {
      return; // stopped during its cold start
    }
    instance.state = InstanceState.READY;
    instance.sinceNanos = loop.now();
    idle.addFirst(instance);
    if (instance.replaces != null) {
      SimInstance old = instance.replaces;
      instance.replaces = null;
      stop(old);
    }
    decide();
  }

  /** Stops an instance: at once when it is starting or idle, after its batch when it is running one. */
  public boolean stop(String id) {
    for (SimInstance i : instances) {
      if (i.id.equals(id)) {
        stop(i);
        return true;
      }
    }
    return false;
  }

  private void stop(SimInstance instance) {
    if (instance.state == InstanceState.STOPPING) {
      return;
    }
    if (instance.busy) {
      instance.state = InstanceState.STOPPING;
      instance.sinceNanos = loop.now();
    } else {
      idle.remove(instance);
      remove(instance);
    }
  }

  /**
   * Replaces an instance by one of {@code size}: the old one serves until the new one is ready,
   * then stops after its batch, so nothing in flight is dropped.
   */
  public boolean resize(String id, InstanceSize size) {
    for (SimInstance i : instances) {
      if (i.id.equals(id) && i.state != InstanceState.STOPPING && !i.retiring) {
        if (i.state == InstanceState.STARTING) {
          remove(i);
          startInstance(size, null);
        } else {
          i.retiring = true;
          startInstance(size, i);
        }
        return true;
      }
    }
    return false;
  }

  private void remove(SimInstance instance) {
    instances.remove(instance);
    double lived = loop.now() - instance.startedNanos;
    closedInstanceNanos += lived;
    closedCoreNanos += lived * instance.size.threads();
    closedCostUsd += lived / 1e9 * instance.costPerSecond;
    instance.state = InstanceState.STOPPING;
  }

  /** Every instance as a cluster reports it; the queued requests count as the first one's outstanding work. */
  public void describe(List<InstanceStatus> into) {
    int queuedLeft = queue.size();
    for (SimInstance i : instances) {
      into.add(new InstanceStatus(i.id, setup.variant(), i.size, i.reportedState(), i.running + queuedLeft,
          loop.instantAt(i.sinceNanos)));
      queuedLeft = 0;
    }
  }

  /**
   * Adds this pool's load as {@link #describe} reports it and {@code VariantLoad.of} reads it to
   * {@code into} from {@code at}: its READY and its STARTING instances, and the requests outstanding
   * on them (the queue counting on the first instance, as in {@link #describe}); STOPPING instances
   * count for nothing. Returns the next index.
   */
  public int load(int[] into, int at) {
    int ready = 0;
    int starting = 0;
    int outstanding = 0;
    int queuedLeft = queue.size();
    for (SimInstance i : instances) {
      InstanceState state = i.reportedState();
      if (state != InstanceState.STOPPING) {
        ready += state == InstanceState.READY ? 1 : 0;
        starting += state == InstanceState.STARTING ? 1 : 0;
        outstanding += i.running + queuedLeft;
      }
      queuedLeft = 0;
    }
    into[at] = ready;
    into[at + 1] = starting;
    into[at + 2] = outstanding;
    return at + 3;
  }

  /** Instances in {@code state} as reported. */
  public int count(InstanceState state) {
    int n = 0;
    for (SimInstance i : instances) {
      if (i.reportedState() == state) {
        n++;
      }
    }
    return n;
  }

  /** The size of the newest instance that is not on its way out, else the default size. */
  public InstanceSize currentSize() {
    for (int k = instances.size() - 1; k >= 0; k--) {
      SimInstance i = instances.get(k);
      if (i.reportedState() != InstanceState.STOPPING) {
        return i.size;
      }
    }
    return setup.defaultSize();
  }

  /** Threads held by instances that are starting or ready (as a cluster's budget counts them). */
  public int threadsHeld() {
    int n = 0;
    for (SimInstance i : instances) {
      if (i.reportedState() != InstanceState.STOPPING) {
        n += i.size.threads();
      }
    }
    return n;
  }

  /** Time instances spent running batches so far, the running ones included. */
  public long busyNanos() {
    return busyDoneNanos + running * loop.now() - runningStartSum;
  }

  public long coldStarts() {
    return coldStarts;
  }

  /** Instance-seconds billed so far, live instances up to now included. */
  public double instanceSeconds() {
    double nanos = closedInstanceNanos;
    for (SimInstance i : instances) {
      nanos += loop.now() - i.startedNanos;
    }
    return nanos / 1e9;
  }

  /** Core-seconds billed so far. */
  public double coreSeconds() {
    double nanos = closedCoreNanos;
    for (SimInstance i : instances) {
      nanos += (double) (loop.now() - i.startedNanos) * i.size.threads();
    }
    return nanos / 1e9;
  }

  /** Cost so far, in the cost model's currency. */
  public double costUsd() {
    double usd = closedCostUsd;
    for (SimInstance i : instances) {
      usd += (loop.now() - i.startedNanos) / 1e9 * i.costPerSecond;
    }
    return usd;
  }
}
