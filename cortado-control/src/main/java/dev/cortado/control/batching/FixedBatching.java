package dev.cortado.control.batching;

import dev.cortado.control.batching.Dispatch.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Triton's dynamic batcher ({@code fixed}): dispatch as soon as the queue holds a full batch
 * ({@code maxBatch} items, or the next request would overflow it), or once the longest-waiting
 * request has waited {@code maxQueueDelay}; else wait until that delay runs out. Batches are formed
 * in service order; deadlines play no part.
 */
public final class FixedBatching implements BatchPolicy {
  public static final String NAME = "fixed";

  private final int maxBatch;
  private final Duration maxQueueDelay;

  /**
   * @param maxBatch the most items in one batch (Triton's {@code max_batch_size})
   * @param maxQueueDelay how long a request may wait for a batch to fill ({@code max_queue_delay_microseconds})
   */
  public FixedBatching(int maxBatch, Duration maxQueueDelay) {
    Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch = " + maxBatch + ", must be at least 1");
    }
    if (maxQueueDelay.isNegative()) {
      throw new IllegalArgumentException("maxQueueDelay = " + maxQueueDelay + ", must be >= 0");
    }
    this.maxBatch = maxBatch;
    this.maxQueueDelay = maxQueueDelay;
  }

  @Override
  public Dispatch decide(QueueView queue, Instant now) {
    var idle = Dispatch.idle(queue);
    if (idle.isPresent()) {
      return idle.get();
    }
    int requests = queue.requestsWithin(maxBatch);
    // Reasons are written when read (Dispatch.Now.explained), from values captured now.
    int items = queue.items();
    if (items >= maxBatch) {
      return Dispatch.Now.explained(requests, () -> "batch full: " + items + " items queued, max batch " + maxBatch, Trigger.FULL,
          Double.NaN);
    }
    Instant due = queue.oldestArrival().plus(maxQueueDelay);
    if (!now.isBefore(due)) {
      return Dispatch.Now.explained(requests, () -> "max queue delay " + Millis.num(maxQueueDelay.toNanos() / 1e6)
          + " ms reached with " + items + " of " + maxBatch + " items", Trigger.TIMER, Double.NaN);
    }
    return Dispatch.WaitUntil.explained(due, () -> "waiting for a full batch (" + items + " of " + maxBatch
        + " items) or the max queue delay");
  }

  @Override
  public void observe(BatchOutcome outcome) {
    // Fixed settings: nothing to learn.
  }

  /** Yes, trivially: it rejects nothing. */
  @Override
  public boolean rejectsByDeadline() {
    return true;
  }

  @Override
  public String name() {
    return NAME;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public Duration maxQueueDelay() {
    return maxQueueDelay;
  }
}
