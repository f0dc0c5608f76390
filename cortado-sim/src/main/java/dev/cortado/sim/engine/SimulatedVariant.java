package dev.cortado.sim.engine;

import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.cost.CostModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.cluster.ClassTag;
import dev.cortado.sim.cluster.Machine;
import dev.cortado.sim.cluster.PoolListener;
import dev.cortado.sim.cluster.VariantPool;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.trace.ArrivalStream;
import java.util.List;
import java.util.Objects;

/**
 * One variant with a fixed number of warm instances fed by an {@link ArrivalStream}: the smallest
 * simulation, a {@link VariantPool} with no autoscaler and no contention (the machine has a core
 * per instance thread). Used by the simulator's speed benchmark and to check the batcher's steps.
 *
 * <p>Only counts, sums and a {@link LatencyHistogram} are kept; a request is held only while queued
 * or running. Not thread-safe: it lives on its {@link EventLoop}'s thread.
 */
public final class SimulatedVariant implements PoolListener {
  private final EventLoop loop;
  private final Profile profile;
  private final BatchPolicy policy;
  private final SimulationSpec spec;
  private final ArrivalStream arrivals;
  private final VariantPool pool;
  private final ClassTag tag;
  private final long sloNanos;
  private final LatencyHistogram latencies = new LatencyHistogram();
  /** {@link #arrive()} as an action, made once: it is scheduled for every request. */
  private final Runnable arrive = this::arrive;

  private long startNanos = -1;
  private long arrived;
  private long refused;
  private long shed;
  private long answered;
  private long withinSlo;
  private long batches;
  private long batchedItems;

  public SimulatedVariant(EventLoop loop, Profile profile, BatchPolicy policy, SimulationSpec spec, ArrivalStream arrivals) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.profile = Objects.requireNonNull(profile, "profile");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.arrivals = Objects.requireNonNull(arrivals, "arrivals");
    VariantSetup setup = new VariantSetup(profile.variant(), profile.variant(), 1.0, Integer.MAX_VALUE, List.of(profile),
        profile.size());
    this.pool = new VariantPool(loop, setup, policy, spec.queueCapacity(), new Machine(spec.instances() * profile.size().threads()),
        CostModel.cloudRunDefaults(), this, spec.seed(), 0);
    this.tag = new ClassTag(0, spec.slo().toNanos() / 1e6);
    this.sloNanos = spec.slo().toNanos();
  }

  /** Simulates a variant on its own loop from 0 to {@code untilNanos}. */
  public static SimulationResult simulate(Profile profile, BatchPolicy policy, SimulationSpec spec, ArrivalStream arrivals,
      long untilNanos) {
    return new SimulatedVariant(new EventLoop(), profile, policy, spec, arrivals).run(untilNanos);
  }

  /**
   * Starts the arrivals (at the loop's current time, the first call only), runs the loop to
   * {@code untilNanos} and returns the figures so far.
   */
  public SimulationResult run(long untilNanos) {
    start();
    loop.run(untilNanos);
    return result();
  }

  /** Starts the instances, warm, and the arrivals at the loop's current time: the stream's 0 is now. Once only. */
  public void start() {
    if (startNanos >= 0) {
      return;
    }
    startNanos = loop.now();
    for (int i = 0; i < spec.instances(); i++) {
      pool.startWarm(profile.size());
    }
    scheduleNextArrival();
  }

  /** The figures as of the loop's current time. */
  public SimulationResult result() {
    long now = loop.now();
    long admitted = arrived - refused;
    return new SimulationResult(policy.name(), startNanos < 0 ? 0 : now - startNanos, spec.instances(),
        profile.size().threads(), new SimulationResult.Requests(arrived, admitted, refused, shed, answered, withinSlo),
        SimulationResult.Latency.of(latencies), batches, batchedItems, pool.busyNanos());
  }

  private void scheduleNextArrival() {
    long next = arrivals.nextNanos();
    if (next >= 0) {
      loop.schedule(Math.max(loop.now(), startNanos + next), arrive);
    }
  }

  private void arrive() {
    arrived++;
    pool.arrive(tag);
    scheduleNextArrival();
  }

  @Override
  public void refused(String variant, ClassTag t) {
    refused++;
  }

  @Override
  public void shed(String variant, ClassTag t) {
    shed++;
  }

  @Override
  public void answered(String variant, ClassTag t, long latencyNanos) {
    answered++;
    if (latencyNanos <= sloNanos) {
      withinSlo++;
    }
    latencies.record(latencyNanos);
  }

  @Override
  public void batchDone(String variant, int items, long serviceNanos) {
    batches++;
    batchedItems += items;
  }
}
