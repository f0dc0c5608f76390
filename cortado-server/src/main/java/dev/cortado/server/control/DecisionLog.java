package dev.cortado.server.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The control loop's recent decisions, as values, newest last: a bounded ring that forgets the
 * oldest. Guard: {@link #lock}; the loop adds, the REST endpoint reads.
 */
public final class DecisionLog {
  /** How many decisions a server keeps by default. */
  public static final int DEFAULT_CAPACITY = 500;

  private final String autoscaler;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Decision> decisions = new ArrayDeque<>();

  /**
   * @param autoscaler the policy deciding ({@code none} when no loop runs)
   * @param capacity the most decisions kept
   */
  public DecisionLog(String autoscaler, int capacity) {
    this.autoscaler = Objects.requireNonNull(autoscaler, "autoscaler");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ", must be at least 1");
    }
    this.capacity = capacity;
  }

  /** The log of a server without a control loop: always empty. */
  public static DecisionLog none() {
    return new DecisionLog("none", 1);
  }

  public String autoscaler() {
    return autoscaler;
  }

  public int capacity() {
    return capacity;
  }

  public void add(Decision decision) {
    Objects.requireNonNull(decision, "decision");
    lock.lock();
    try {
      if (decisions.size() == capacity) {
        decisions.removeFirst();
      }
      decisions.addLast(decision);
    } finally {
      lock.unlock();
    }
  }

  /** The newest {@code limit} decisions (of {@code variant} when given), oldest first. */
  public List<Decision> recent(Optional<String> variant, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit = " + limit + ", must be >= 0");
    }
    List<Decision> matching = new ArrayList<>();
    lock.lock();
    try {
      for (Decision d : decisions) {
        if (variant.isEmpty() || variant.get().equals(d.variant())) {
          matching.add(d);
        }
      }
    } finally {
      lock.unlock();
    }
    return List.copyOf(matching.subList(Math.max(0, matching.size() - limit), matching.size()));
  }

  /**
   * What the loop decided for one variant at one tick and what came of it.
   *
   * @param time the tick's {@code now}
   * @param variant the model name
   * @param targetInstances the instances the policy wants ready or starting
   * @param threads the size it wants them at
   * @param reason the policy's reason, with its figures
   * @param inputs what the policy saw of the variant
   * @param actions what the cluster was asked, with the outcome of each
   */
  public record Decision(Instant time, String variant, int targetInstances, int threads, String reason, Inputs inputs,
      List<Action> actions) {
    public Decision {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(inputs, "inputs");
      actions = List.copyOf(actions);
    }
  }

  /**
   * What the policy saw of one variant over the tick.
   *
   * @param arrivalsPerSecond requests that arrived, accepted or not, per second of the tick
   * @param meanInFlight requests queued or running, averaged over the tick
   * @param queued requests waiting at its end
   * @param ready instances ready at its end
   * @param starting instances starting at its end
   * @param answered requests answered during it
   * @param meanLatencyMs their mean latency; NaN when none
   */
  public record Inputs(double arrivalsPerSecond, double meanInFlight, int queued, int ready, int starting, long answered,
      double meanLatencyMs) {}

  /**
   * One action the loop asked of the cluster.
   *
   * @param kind {@code start}, {@code stop} or {@code resize}
   * @param instance the instance stopped or resized; empty for a start
   * @param threads the size started or resized to; 0 for a stop
   * @param outcome {@code applied}, {@code skipped: ...} or {@code refused: ...}
   */
  public record Action(String kind, Optional<String> instance, int threads, String outcome) {
    public Action {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
