package dev.cortado.control.batching;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides, for one variant's queue, whether to dispatch a batch now or wait. A pure function of the
 * queue and {@code now} plus what it learned from past batches ({@link #observe}): it reads no clock,
 * starts no thread and does no I/O, so the server's batcher and the simulator run the same policy.
 *
 * <p>The batcher's loop, per variant, under the queue's guard:
 * <pre>{@code
 * on arrival:  queue.offer(payload, now, deadline, priority, items, p -> policy.rejection(p, now))
 * on wake (arrival, timer, instance freed):
 *   queue.removeIf(p -> policy.rejection(p, now).isPresent())    // shed what cannot be served in time
 *   switch (policy.decide(queue.view(idleInstances), now)) {
 *     case Now n       -> run queue.take(n.requests()) on an idle instance, then policy.observe(outcome)
 *     case WaitUntil w -> set a timer for w.time()
 *     case Idle i      -> wait for an arrival or a free instance
 *   }
 * }</pre>
 * A policy is not thread-safe: one batcher calls it, under the same guard as its queue.
 */
public interface BatchPolicy {
  /** Dispatch a prefix of the queue now, or say until when to wait. */
  Dispatch decide(QueueView queue, Instant now);

  /** Learns from a batch that ran (latency against prediction, SLO attainment, what triggered it). */
  void observe(BatchOutcome outcome);

  /** The configuration name: {@code cortado}, {@code mlproxy}, {@code fixed}, {@code none}. */
  String name();

  /**
   * Why a request should be refused rather than queued (or, once queued, shed) at {@code now}, empty
   * to accept it. The baselines admit everything (they only bound the queue); Cortado refuses a
   * request that cannot meet its deadline even if dispatched alone now ({@link Admission}).
   */
  default Optional<String> rejection(Pending request, Instant now) {
    return Optional.empty();
  }

  /**
   * Whether {@link #rejection} judges a request by its items and deadline alone and in deadline
   * order: whenever it rejects a request, it also rejects every request of as many items due no
   * later. A batcher whose queued requests all have the same items and priority level (so that
   * service order is deadline order) may then shed with {@link RequestQueue#removeWhile} from the
   * head, instead of asking about every queued request. False unless a policy says so; true of
   * every policy of this package.
   */
  default boolean rejectsByDeadline() {
    return false;
  }
}
