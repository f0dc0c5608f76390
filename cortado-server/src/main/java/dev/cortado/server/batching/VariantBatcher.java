package dev.cortado.server.batching;

import dev.cortado.control.batching.BatchOutcome;
import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.batching.Dispatch;
import dev.cortado.control.batching.Offer;
import dev.cortado.control.batching.Pending;
import dev.cortado.control.batching.RequestQueue;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.execution.ModelInstance;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * The batcher loop of one model version: requests wait in a deadline-ordered queue, and a
 * {@link BatchPolicy} decides when to send which prefix of it, as one batch, to an idle instance.
 * The policy only decides; this class owns the thread, the clock and the tensors.
 *
 * <p>Every request is counted on the variant's {@link LoadMeter} for the control loop: its arrival,
 * whether it was accepted, and when its future completed; every batch with its run time.
 *
 * <p>A request the policy sheds while the model has no READY instance (its cold start did not end
 * within the request's deadline) fails UNAVAILABLE, not RESOURCE_EXHAUSTED; at zero instances a
 * request whose deadline passed is shed whatever the policy. A batch sent to an instance that
 * stopped before it took the batch goes back to the queue.
 *
 * <p>Guard: {@link #lock} covers the queue and the policy. One platform thread runs the loop; it
 * sleeps until the policy's time, an arrival, or a finished batch.
 */
public final class VariantBatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(VariantBatcher.class.getName());
  private static final long NO_INSTANCE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String variant;
  private final InstancePool pool;
  private final BatchPolicy policy;
  private final RequestQueue<BatchJob> queue;
  private final boolean batchable;
  private final InstantSource clock;
  private final LoadMeter meter;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private volatile boolean running = true;
  /** When the timer thread should step next; null: only when woken. Guarded by {@link #lock}. */
  private Instant wakeAt;
  private final DoubleSupplier machineCpuBusy;
  /** The loop's thread has returned: nothing queued now would run. Guarded by {@link #lock}. */
  private boolean ended;

  /**
   * @param batchable whether the model has a batch dimension; when not, every request runs alone
   * @param meter where its arrivals, requests in flight and batches are counted
   */
  public VariantBatcher(String variant, InstancePool pool, BatchPolicy policy, RequestQueue<BatchJob> queue,
      boolean batchable, InstantSource clock, LoadMeter meter) {
    this(variant, pool, policy, queue, batchable, clock, meter, () -> Double.NaN);
  }

  /**
   * @param machineCpuBusy how busy the machine's CPU was recently (0..1, NaN when not measured),
   *     shown to the policy on every decision ({@link dev.cortado.control.batching.QueueView#machineCpuBusy})
   */
  public VariantBatcher(String variant, InstancePool pool, BatchPolicy policy, RequestQueue<BatchJob> queue,
      boolean batchable, InstantSource clock, LoadMeter meter, DoubleSupplier machineCpuBusy) {
    this.machineCpuBusy = machineCpuBusy;
    this.variant = variant;
    this.meter = meter;
    this.pool = pool;
    this.policy = policy;
    this.queue = queue;
    this.batchable = batchable;
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name("cortado-batcher-" + variant).start(this::loop);
  }

  public String policyName() {
    return policy.name();
  }

  /**
   * Queues a validated request.
   *
   * @throws CortadoException RESOURCE_EXHAUSTED when the queue is full or the request cannot meet its
   *     deadline even if dispatched now
   */
  public CompletableFuture<BatchJob.Done> submit(List<Tensor> inputs, List<String> outputNames, long items, Instant deadline,
      int priority) {
    meter.arrival();
    Instant now = clock.instant();
    long arrival = System.nanoTime();
    double sloMs = java.time.Duration.between(now, deadline).toNanos() / 1e6;
    BatchJob job = new BatchJob(inputs, outputNames, items, arrival, now, deadline, sloMs, priority, new CompletableFuture<>());
    lock.lock();
    try {
      if (!running) {
        throw CortadoException.unavailable("model '%s' is unloading", variant);
      }
      Offer offer = queue.offer(job, now, deadline, priority, (int) Math.min(items, Integer.MAX_VALUE),
          p -> policy.rejection(p, now));
      if (offer instanceof Offer.Rejected r) {
        throw CortadoException.resourceExhausted("model '%s': %s", variant, r.reason());
      }
      meter.accepted();
      job.result().whenComplete((done, error) -> meter.finished(error == null, System.nanoTime() - arrival));
    } finally {
      lock.unlock();
    }
    step().run();
    return job.result();
  }

  /**
   * The timer side of the loop: sleeps until the policy's time, or until woken, and steps. Arrivals
   * and finished batches step on their own threads first, so a request that can go at once does
   * not wait for this thread to wake.
   */
  private void loop() {
    while (true) {
      Step step;
      lock.lock();
      try {
        if (!running && queue.isEmpty()) {
          ended = true;
          return;
        }
        if (wakeAt == null) {
          changed.await();
        } else {
          long nanos = java.time.Duration.between(clock.instant(), wakeAt).toNanos();
          if (nanos > 0) {
            changed.awaitNanos(nanos);
          }
        }
        step = decide();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ended = true;
        failAll(stoppedBatching());
        return;
      } finally {
        lock.unlock();
      }
      step.run();
    }
  }

  /** Decides under the lock and returns what to do outside it. */
  private Step step() {
    lock.lock();
    try {
      return decide();
    } finally {
      lock.unlock();
    }
  }

  /** Guarded by {@link #lock}: shed what cannot be served in time, ask the policy, take a batch or set the timer. */
  private Step decide() {
    Instant now = clock.instant();
    try {
      boolean cold = pool.readyCount() == 0;
      Predicate<Pending> hopeless = p -> policy.rejection(p, now).isPresent() || (cold && !p.deadline().isAfter(now));
      // Both conditions hold for a prefix of a uniform queue: shed from the head, not by asking
      // about every queued request on every step (which made a backlog cost O(n) per arrival).
      List<RequestQueue.Queued<BatchJob>> shedding = policy.rejectsByDeadline() && queue.uniform()
          ? queue.removeWhile(hopeless) : queue.removeIf(hopeless);
      for (RequestQueue.Queued<BatchJob> shed : shedding) {
        shed.payload().result().completeExceptionally(cold ? coldStartMissed() : CortadoException.resourceExhausted(
            "model '%s': %s", variant, policy.rejection(shed.pending(), now).orElse("its deadline passed while queued")));
      }
      int idle = idleInstances();
      queue.machineCpuBusy(machineCpuBusy.getAsDouble());
      Dispatch d = batchable || queue.isEmpty()
          ? policy.decide(queue.view(idle), now)
          : (idle > 0 ? new Dispatch.Now(1, "no batch dimension") : new Dispatch.Idle(Dispatch.Idle.NO_INSTANCE));
      Instant previous = wakeAt;
      wakeAt = switch (d) {
        case Dispatch.Now n -> null;
        case Dispatch.WaitUntil w -> w.time();
        // No idle instance: a finished batch steps again; poll meanwhile for instances that start.
        case Dispatch.Idle i -> queue.isEmpty() ? null : now.plusNanos(NO_INSTANCE_POLL_NANOS);
      };
      if (wakeAt != null && (previous == null || wakeAt.isBefore(previous))) {
        changed.signal();
      }
      if (d instanceof Dispatch.Now n) {
        List<BatchJob> batch = queue.take(n.requests(), now);
        // More may be ready for another idle instance: let the timer thread look again at once.
        if (!queue.isEmpty()) {
          wakeAt = now;
          changed.signal();
        }
        return () -> dispatch(batch, n);
      }
      return () -> { };
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "batcher of " + variant + " failed a decision", e);
      CortadoException ce = CortadoException.internal("batcher of model '" + variant + "' failed: " + e.getMessage(), e);
      failAll(ce);
      return () -> { };
    }
  }

  /** A request shed while no instance is READY: the cold start did not end within its deadline. */
  private CortadoException coldStartMissed() {
    return CortadoException.unavailable(
        "model '%s': no instance became ready within the request's deadline (cold start%s); retry later", variant,
        pool.startingCount() > 0 ? ", an instance is still starting" : ", none is starting");
  }

  /** What a decision asks for, run outside the lock. */
  private interface Step {
    void run();
  }

  private int idleInstances() {
    int idle = 0;
    for (ModelInstance i : pool.ready()) {
      if (i.outstanding() == 0 && !i.isClosing()) {
        idle++;
      }
    }
    return idle;
  }

  /** Runs jobs as few batches as their shapes allow, on the least-loaded instance. */
  private void dispatch(List<BatchJob> jobs, Dispatch.Now decision) {
    List<List<BatchJob>> groups = new ArrayList<>();
    for (BatchJob j : jobs) {
      Optional<List<BatchJob>> g = groups.stream()
          .filter(x -> BatchTensors.compatible(x.getFirst().inputs(), j.inputs()) && x.getFirst().outputNames().equals(j.outputNames()))
          .findFirst();
      if (g.isPresent()) {
        g.get().add(j);
      } else {
        groups.add(new ArrayList<>(List.of(j)));
      }
    }
    for (List<BatchJob> group : groups) {
      run(group, decision);
    }
  }

  private void run(List<BatchJob> group, Dispatch.Now decision) {
    Optional<ModelInstance> target = pool.leastLoaded();
    if (target.isEmpty()) {
      requeue(group);
      return;
    }
    ModelInstance instance = target.get();
    List<Tensor> inputs;
    try {
      inputs = BatchTensors.join(group.stream().map(BatchJob::inputs).toList());
    } catch (RuntimeException e) {
      CortadoException ce = CortadoException.of(e);
      group.forEach(j -> j.result().completeExceptionally(ce));
      return;
    }
    long started = System.nanoTime();
    List<Long> rows = group.stream().map(BatchJob::items).toList();
    long items = rows.stream().mapToLong(Long::longValue).sum();
    CompletableFuture<ModelInstance.Execution> submitted = instance.submit(inputs, group.getFirst().outputNames());
    if (submitted.isCompletedExceptionally() && instance.isClosing()) {
      // Stopped between our choice and the hand-over (scaled in, evicted): another instance takes it.
      requeue(group);
      return;
    }
    submitted.whenComplete((execution, error) -> {
      long finished = System.nanoTime();
      if (error != null) {
        CortadoException e = CortadoException.of(error);
        group.forEach(j -> j.result().completeExceptionally(e));
      } else {
        try {
          List<List<Tensor>> outputs = BatchTensors.split(execution.result().outputs(), rows);
          for (int k = 0; k < group.size(); k++) {
            BatchJob j = group.get(k);
            j.result().complete(new BatchJob.Done(outputs.get(k), started - j.arrivalNanos() + execution.queueNanos(),
                execution.result(), items, instance.id(), k == 0, decision.trigger()));
          }
        } catch (RuntimeException e) {
          CortadoException ce = CortadoException.of(e);
          group.forEach(j -> j.result().completeExceptionally(ce));
        }
      }
      // The model's run (for the deadline margin) and the instance's occupancy from dispatch to
      // answer, hand-offs included (for the per-batch cost that decides whether waiting pays). Time
      // the batch waited for the instance's previous work (the last batch's answers, completed on
      // its thread) is left out: that work grows with the last batch's size, and counting it as a
      // cost per batch would make bigger batches look ever more worth waiting for.
      long runNanos = error == null ? execution.result().totalNanos() : finished - started;
      long waitedForPrevious = error == null ? Math.max(0, execution.queueNanos() - execution.handoffNanos()) : 0;
      meter.batch(runNanos);
      learn(group, items, finished, runNanos, finished - started - waitedForPrevious, decision);
    });
  }

  private void learn(List<BatchJob> group, long items, long finished, long runNanos, long occupancyNanos, Dispatch.Now decision) {
    lock.lock();
    try {
      List<Double> latencies = group.stream().map(j -> (finished - j.arrivalNanos()) / 1e6).toList();
      List<Double> slos = group.stream().map(BatchJob::sloMs).toList();
      double predicted = Double.isFinite(decision.predictedLatencyMs()) && decision.predictedLatencyMs() >= 0
          ? decision.predictedLatencyMs() : Double.NaN;
      policy.observe(new BatchOutcome(clock.instant(), (int) Math.min(items, Integer.MAX_VALUE), runNanos / 1e6, predicted,
          decision.timerTriggered(), latencies, slos, occupancyNanos / 1e6));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "batch policy of " + variant + " could not learn from a batch", e);
    } finally {
      lock.unlock();
    }
    step().run();
  }

  /**
   * Puts jobs back in the queue, in their places by deadline, after the instance chosen for them
   * stopped first; the loop looks again at once, and sheds them at their deadline if no instance
   * comes.
   */
  private void requeue(List<BatchJob> group) {
    lock.lock();
    try {
      if (ended) {
        group.forEach(j -> j.result().completeExceptionally(stoppedBatching()));
        return;
      }
      for (BatchJob j : group) {
        if (queue.offer(j, j.arrival(), j.deadline(), j.priority(), (int) Math.min(j.items(), Integer.MAX_VALUE)).isEmpty()) {
          j.result().completeExceptionally(CortadoException.unavailable(
              "model '%s': the instance chosen for the request stopped and the queue is full", variant));
        }
      }
      wakeAt = clock.instant();
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private CortadoException stoppedBatching() {
    return CortadoException.unavailable("model '%s' stopped batching", variant);
  }

  /** Requests waiting in the queue now. */
  public int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private void failAll(CortadoException e) {
    for (BatchJob j : queue.take(queue.size())) {
      j.result().completeExceptionally(e);
    }
  }

  /** Stops taking requests; those queued still run (while instances remain), then the loop ends. */
  @Override
  public void close() {
    lock.lock();
    try {
      running = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the loop to finish its queue. */
  public void awaitTermination(long millis) throws InterruptedException {
    thread.join(millis);
  }
}
