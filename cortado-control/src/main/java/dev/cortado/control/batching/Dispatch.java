package dev.cortado.control.batching;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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
   * <p>A value with a record's equality, hash and string form over its four fields. The reason
   * may be given as text or, by this package's policies, as a way to write it ({@link #explained}):
   * a policy decides on every arrival and almost no reason is read, so writing each one out (with
   * its formatted numbers) would cost the simulator more than the decision itself.
   * {@link #reason()} returns the same text either way.
   */
  final class Now implements Dispatch {
    private final int requests;
    private final Supplier<String> reason;
    private final Trigger trigger;
    private final double predictedLatencyMs;

    /**
     * @param trigger why now; {@link #timerTriggered()} feeds {@link BatchOutcome#timerTriggered()}
     * @param predictedLatencyMs the policy's latency prediction for the batch, without any safety
     *     margin; NaN when the policy predicts none. Feeds {@link BatchOutcome#predictedLatencyMs()}.
     */
    public Now(int requests, String reason, Trigger trigger, double predictedLatencyMs) {
      this(requests, written(reason), trigger, predictedLatencyMs);
    }

    /** A dispatch sent without waiting ({@link Trigger#IMMEDIATE}) and without a prediction. */
    public Now(int requests, String reason) {
      this(requests, reason, Trigger.IMMEDIATE, Double.NaN);
    }

    private Now(int requests, Supplier<String> reason, Trigger trigger, double predictedLatencyMs) {
      Objects.requireNonNull(trigger, "trigger");
      if (requests < 1) {
        throw new IllegalArgumentException("requests = " + requests + ", must be at least 1");
      }
      if (predictedLatencyMs < 0) {
        throw new IllegalArgumentException("predictedLatencyMs = " + predictedLatencyMs + ", must be >= 0 or NaN");
      }
      this.requests = requests;
      this.reason = reason;
      this.trigger = trigger;
      this.predictedLatencyMs = predictedLatencyMs;
    }

    /**
     * A dispatch whose reason is written when read: {@code reason} must capture only values that
     * do not change (not the live queue view) and never return null.
     */
    static Now explained(int requests, Supplier<String> reason, Trigger trigger, double predictedLatencyMs) {
      return new Now(requests, Objects.requireNonNull(reason, "reason"), trigger, predictedLatencyMs);
    }

    public int requests() {
      return requests;
    }

    public String reason() {
      return reason.get();
    }

    public Trigger trigger() {
      return trigger;
    }

    public double predictedLatencyMs() {
      return predictedLatencyMs;
    }

    /** Whether the batch went because a timer or a deadline ran out rather than because it filled. */
    public boolean timerTriggered() {
      return trigger == Trigger.TIMER || trigger == Trigger.DEADLINE;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Now n && requests == n.requests && trigger == n.trigger
          && Double.compare(predictedLatencyMs, n.predictedLatencyMs) == 0 && reason().equals(n.reason());
    }

    @Override
    public int hashCode() {
      return Objects.hash(requests, reason(), trigger, predictedLatencyMs);
    }

    @Override
    public String toString() {
      return "Now[requests=" + requests + ", reason=" + reason() + ", trigger=" + trigger + ", predictedLatencyMs="
          + predictedLatencyMs + "]";
    }
  }

  /**
   * Nothing to dispatch before {@code time} unless the queue changes: set a timer and ask again then.
   * A value like {@link Now}, whose reason may likewise be written when read.
   */
  final class WaitUntil implements Dispatch {
    private final Instant time;
    private final Supplier<String> reason;

    public WaitUntil(Instant time, String reason) {
      this(time, written(reason));
    }

    private WaitUntil(Instant time, Supplier<String> reason) {
      this.time = Objects.requireNonNull(time, "time");
      this.reason = reason;
    }

    /** A wait whose reason is written when read, under the same terms as {@link Now#explained}. */
    static WaitUntil explained(Instant time, Supplier<String> reason) {
      return new WaitUntil(time, Objects.requireNonNull(reason, "reason"));
    }

    public Instant time() {
      return time;
    }

    public String reason() {
      return reason.get();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WaitUntil w && time.equals(w.time) && reason().equals(w.reason());
    }

    @Override
    public int hashCode() {
      return Objects.hash(time, reason());
    }

    @Override
    public String toString() {
      return "WaitUntil[time=" + time + ", reason=" + reason() + "]";
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

    /** {@link Dispatch#idle}'s answers, made once: they are values, asked for on most decisions. */
    private static final Optional<Dispatch> WHEN_EMPTY = Optional.of(new Idle(EMPTY));
    private static final Optional<Dispatch> WHEN_NO_INSTANCE = Optional.of(new Idle(NO_INSTANCE));

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
      return Idle.WHEN_EMPTY;
    }
    if (queue.idleInstances() == 0) {
      return Idle.WHEN_NO_INSTANCE;
    }
    return Optional.empty();
  }

  /** A reason given as text, checked at once as a record's component would be. */
  private static Supplier<String> written(String reason) {
    Objects.requireNonNull(reason, "reason");
    return () -> reason;
  }
}
