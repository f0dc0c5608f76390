package dev.cortado.server.execution;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.RunResult;
import dev.cortado.core.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model and the one platform thread that runs it. Work waits in a bounded queue; when
 * the queue is full the instance refuses at once (RESOURCE_EXHAUSTED) rather than queueing without
 * bound. Accepted work always completes its future, exceptionally if it must, also across
 * {@link #drainAndClose()}.
 */
public final class ModelInstance {
  private final LoadedModel model;
  private final String label;
  private final java.time.Instant since;
  private final Runnable onClosed;
  private final ThreadPoolExecutor executor;
  /** Requests accepted and not yet answered: the load-balancing signal. */
  private final AtomicInteger outstanding = new AtomicInteger();
  /** When it last took a request (System.nanoTime), for evicting the least recently used. */
  private volatile long lastUsedNanos = System.nanoTime();
  /**
   * When the instance's thread last finished a task, its result's callbacks included (they run on
   * it): a run queued before then waited for that work, not for the thread to wake.
   */
  private volatile long freeSinceNanos = System.nanoTime();

  /**
   * @param index the instance's number within its model version (for its id)
   * @param since when it became ready
   * @param onClosed runs once the session is freed (gives back its cores)
   */
  public ModelInstance(LoadedModel model, int index, int maxQueueSize, java.time.Instant since, Runnable onClosed) {
    this.model = model;
    this.label = model.variant() + "#" + index;
    this.since = since;
    this.onClosed = onClosed;
    this.executor = new ThreadPoolExecutor(
        1, 1, 0, TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(maxQueueSize),
        r -> {
          Thread t = new Thread(r, "cortado-instance-" + label);
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }

  public LoadedModel model() {
    return model;
  }

  /** Unique in the process: {@code <model>:<version>#<n>}. */
  public String id() {
    return label;
  }

  public java.time.Instant since() {
    return since;
  }

  public int outstanding() {
    return outstanding.get();
  }

  public long lastUsedNanos() {
    return lastUsedNanos;
  }

  /** Whether {@link #drainAndClose()} began: it takes no more work. */
  public boolean isClosing() {
    return executor.isShutdown();
  }

  /**
   * Queues a run. The future completes with the result and the time spent waiting, or
   * exceptionally with a {@link CortadoException}.
   */
  public CompletableFuture<Execution> submit(List<Tensor> inputs, List<String> outputNames) {
    CompletableFuture<Execution> future = new CompletableFuture<>();
    long enqueued = System.nanoTime();
    lastUsedNanos = enqueued;
    outstanding.incrementAndGet();
    try {
      executor.execute(() -> {
        long started = System.nanoTime();
        long handoff = started - Math.max(enqueued, freeSinceNanos);
        RunResult result;
        try {
          result = model.run(inputs, outputNames);
        } catch (RuntimeException | Error e) {
          outstanding.decrementAndGet();
          future.completeExceptionally(CortadoException.of(e));
          freeSinceNanos = System.nanoTime();
          return;
        }
        // Free before completing: whoever reacts to the result (a batcher) sees this instance idle.
        outstanding.decrementAndGet();
        try {
          future.complete(new Execution(result, started - enqueued, Math.max(0, handoff)));
        } finally {
          freeSinceNanos = System.nanoTime();
        }
      });
    } catch (RejectedExecutionException e) {
      outstanding.decrementAndGet();
      future.completeExceptionally(executor.isShutdown()
          ? CortadoException.unavailable("model '%s' is unloading", model.variant().name())
          : CortadoException.resourceExhausted(
              "model '%s' is overloaded: %d requests already wait for instance %s; retry later",
              model.variant().name(), executor.getQueue().size(), label));
    }
    return future;
  }

  /** Stops taking work, finishes what was accepted, then frees the session. */
  public void drainAndClose() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("instance " + label + " did not finish its queue within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        model.close();
      } finally {
        onClosed.run();
      }
    }
  }

  @Override
  public String toString() {
    return label;
  }

  /**
   * A completed run and how long it waited before it started: in all ({@code queueNanos}), and the
   * part after the instance's thread was free ({@code handoffNanos}: waking it, not waiting for the
   * work before, such as the callbacks of the previous result).
   */
  public record Execution(RunResult result, long queueNanos, long handoffNanos) {}
}
