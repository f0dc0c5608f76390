package dev.cortado.control.batching;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link BatchPolicy} decided for one queue at one instant: dispatch a batch now, wait until a
 * time, or wait for something to happen (an arrival, a free instance). Waiting is a value, not an
 * error. The batcher also wakes, and asks again, on every arrival and whenever an instance frees.
 */
public sealed interface Dispatch permits Dispatch.Now, Dispatch.WaitUntil, Dispatch.Idle {

  /** Why a batch went. {@link #TIMER} and {@link #DEADLINE} mean time ran out before it filled. */
  enum Trigger {
    /** Sent as soon as it could be, without waiting for more (no batching; the two-argument {@link Now}). */
    IMMEDIATE,
    /** The batch reached the maximum batch size. */
    FULL,
    /** The batch reached the size past which throughput stops growing (Cortado). */
    KNEE,
    /** More requests wait than this batch can take in time: send it and make room (Cortado). */
    BACKLOG,
    /** A queue-delay timer expired (Triton's max queue delay, MLProxy's buffer timeout). */
    TIMER,
    /** Waiting longer would make the most urgent request miss its deadline (Cortado). */
    DEADLINE,
    /** The head can no longer meet its deadline even now: serve it at once (the batcher should shed such requests). */
    LATE
  }

  /**
   * Take the first {@code requests} requests in service order and run them as one batch.
   *
   * @param trigger why now; {@link #timerTriggered()} feeds {@link BatchOutcome#timerTriggered()}
   * @param predictedLatencyMs the policy's latency prediction for the batch, without any safety
   *     margin; NaN when the policy predicts none. Feeds {@link BatchOutcome#predictedLatencyMs()}.
   */
  record Now(int requests, String reason, Trigger trigger, double predictedLatencyMs) implements Dispatch {
    public Now {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(trigger, "trigger");
      if (requests < 1) {
        throw new IllegalArgumentException("requests = " + requests + ", must be at least 1");
      }
      if (predictedLatencyMs < 0) {
        throw new IllegalArgumentException("predictedLatencyMs = " + predictedLatencyMs + ", must be >= 0 or NaN");
      }
    }

    /** A dispatch sent without waiting ({@link Trigger#IMMEDIATE}) and without a prediction. */
    public Now(int requests, String reason) {
      this(requests, reason, Trigger.IMMEDIATE, Double.NaN);
    }

    /** Whether the batch went because a timer or a deadline ran out rather than because it filled. */
    public boolean timerTriggered() {
      return trigger == Trigger.TIMER || trigger == Trigger.DEADLINE;
    }
  }

  /** Nothing to dispatch before {@code time} unless the queue changes: set a timer and ask again then. */
  record WaitUntil(Instant time, String reason) implements Dispatch {
    public WaitUntil {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Nothing to do until something changes: the queue is empty (wait for an arrival) or no instance
   * is idle (wait for one to free). No timer.
   */
  record Idle(String reason) implements Dispatch {
    /** The queue is empty. */
    public static final String EMPTY = "queue empty";

    /** No instance can take a batch now. */
    public static final String NO_INSTANCE = "no idle instance";

    public Idle {
      Objects.requireNonNull(reason, "reason");
    }

    /** The queue is empty: wait for an arrival. */
    public Idle() {
      this(EMPTY);
    }
  }

  /**
   * The first step every policy shares: {@link Idle} when the queue is empty or no instance is idle
   * (a batch formed now could not start, and the batcher asks again when an instance frees).
   */
  static Optional<Dispatch> idle(QueueView queue) {
    if (queue.isEmpty()) {
      return Optional.of(new Idle(Idle.EMPTY));
    }
    if (queue.idleInstances() == 0) {
      return Optional.of(new Idle(Idle.NO_INSTANCE));
    }
    return Optional.empty();
  }
}
