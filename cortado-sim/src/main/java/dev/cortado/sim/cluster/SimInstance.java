package dev.cortado.sim.cluster;

import dev.cortado.control.batching.Dispatch;
import dev.cortado.control.batching.RequestQueue;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.model.InstanceSize;
import java.util.List;

/** One simulated instance: runs one batch at a time. Mutable; owned by its {@link VariantPool}. */
final class SimInstance {
  final String id;
  final InstanceSize size;
  final long startedNanos;
  final double costPerSecond;
  InstanceState state = InstanceState.STARTING;
  long sinceNanos;
  boolean busy;
  int running;
  /** Set when a resize replaces it: it serves until {@link #replacement} is ready, then goes. */
  boolean retiring;
  /** The instance that replaces this one, when retiring; it stops this one once ready. */
  SimInstance replaces;
  /** The batch it runs, when busy: its requests, when it started and the decision that sent it. */
  List<RequestQueue.Queued<ClassTag>> batch;
  long batchStarted;
  Dispatch.Now decision;
  /** Ends its batch: made once, scheduled for every batch. */
  Runnable finish;

  SimInstance(String id, InstanceSize size, long startedNanos, double costPerSecond) {
    this.id = id;
    this.size = size;
    this.startedNanos = startedNanos;
    this.sinceNanos = startedNanos;
    this.costPerSecond = costPerSecond;
  }

  boolean takesWork() {
    return state == InstanceState.READY && !busy;
  }

  /** The state a cluster status reports: a retiring instance is already on its way out. */
  InstanceState reportedState() {
    return retiring && state == InstanceState.READY ? InstanceState.STOPPING : state;
  }
}
