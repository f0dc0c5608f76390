package dev.cortado.server.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative counts and nanoseconds of one model version, in the shape of Triton's statistics
 * extension. Thread-safe: adders only.
 */
public final class ModelStatistics {
  private final Duration success = new Duration();
  private final Duration fail = new Duration();
  private final Duration queue = new Duration();
  private final Duration computeInput = new Duration();
  private final Duration computeInfer = new Duration();
  private final Duration computeOutput = new Duration();
  private final LongAdder inferenceCount = new LongAdder();
  private final LongAdder executionCount = new LongAdder();
  private final AtomicLong lastInferenceMillis = new AtomicLong();
  private final Map<Long, BatchStats> byBatchSize = new ConcurrentHashMap<>();

  /**
   * One successful request of {@code items} samples (its own batch dimension). As Triton counts
   * them: every request adds its samples to the inference count and its times to the request and
   * compute totals; a model execution (a batch the batcher ran, of {@code batchItems} samples, which
   * several requests may share) counts once, from the request that carries {@code execution}, in
   * the execution count and in the statistics of its batch size.
   */
  public void recordSuccess(long items, long batchItems, boolean execution, long requestNanos, long queueNanos,
      long inputNanos, long inferNanos, long outputNanos, long nowMillis) {
    success.add(requestNanos);
    queue.add(queueNanos);
    computeInput.add(inputNanos);
    computeInfer.add(inferNanos);
    computeOutput.add(outputNanos);
    inferenceCount.add(items);
    lastInferenceMillis.accumulateAndGet(nowMillis, Math::max);
    if (execution) {
      executionCount.increment();
      BatchStats b = byBatchSize.computeIfAbsent(batchItems, k -> new BatchStats());
      b.computeInput.add(inputNanos);
      b.computeInfer.add(inferNanos);
      b.computeOutput.add(outputNanos);
    }
  }

  public void recordFailure(long requestNanos) {
    fail.add(requestNanos);
  }

  public Snapshot snapshot() {
    Map<Long, BatchSnapshot> batches = new TreeMap<>();
    byBatchSize.forEach((size, b) -> batches.put(size, new BatchSnapshot(
        b.computeInput.snapshot(), b.computeInfer.snapshot(), b.computeOutput.snapshot())));
    return new Snapshot(
        lastInferenceMillis.get(), inferenceCount.sum(), executionCount.sum(),
        success.snapshot(), fail.snapshot(), queue.snapshot(),
        computeInput.snapshot(), computeInfer.snapshot(), computeOutput.snapshot(), batches);
  }

  /** A count and its cumulative nanoseconds. */
  public record Counted(long count, long ns) {}

  /** Per-batch-size compute durations. */
  public record BatchSnapshot(Counted computeInput, Counted computeInfer, Counted computeOutput) {}

  /** A consistent-enough copy of the counters for reporting. */
  public record Snapshot(
      long lastInferenceMillis,
      long inferenceCount,
      long executionCount,
      Counted success,
      Counted fail,
      Counted queue,
      Counted computeInput,
      Counted computeInfer,
      Counted computeOutput,
      Map<Long, BatchSnapshot> byBatchSize) {}

  private static final class Duration {
    private final LongAdder count = new LongAdder();
    private final LongAdder ns = new LongAdder();

    void add(long nanos) {
      count.increment();
      ns.add(nanos);
    }

    Counted snapshot() {
      return new Counted(count.sum(), ns.sum());
    }
  }

  private static final class BatchStats {
    final Duration computeInput = new Duration();
    final Duration computeInfer = new Duration();
    final Duration computeOutput = new Duration();
  }
}
