package dev.cortado.sim.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Simulated time: a clock in nanoseconds and a queue of actions due at given times. {@link #run}
 * pops them in time order, sets the clock to each one's time and runs it; actions due at the same
 * nanosecond run in the order they were scheduled. Nothing reads the wall clock, so a run is
 * deterministic.
 *
 * <p>The {@link #instant()} view ({@link InstantSource}) is for decision code that takes
 * {@link Instant}s: nanosecond {@code t} is {@code origin + t}.
 *
 * <p>Not thread-safe: one thread schedules and runs (actions schedule more from inside {@link #run}).
 */
public final class EventLoop implements InstantSource {
  private final Instant origin;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long now;
  private long nextSequence;
  private long eventsRun;

  /** A clock at 0 whose instants start at {@code origin}. */
  public EventLoop(Instant origin) {
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  /** A clock at 0 whose instants start at the epoch. */
  public EventLoop() {
    this(Instant.EPOCH);
  }

  /** The simulated time, nanoseconds since the start. */
  public long now() {
    return now;
  }

  /** The simulated time as an instant: {@code origin + now()}. */
  @Override
  public Instant instant() {
    return instantAt(now);
  }

  /** Nanosecond {@code nanos} of simulated time as an instant. */
  public Instant instantAt(long nanos) {
    return origin.plusNanos(nanos);
  }

  /** An instant as nanoseconds of simulated time (the inverse of {@link #instantAt}). */
  public long nanosAt(Instant instant) {
    return Duration.between(origin, instant).toNanos();
  }

  public Instant origin() {
    return origin;
  }

  /**
   * Runs {@code action} at {@code atNanos}, after every action already scheduled for that time.
   *
   * @throws IllegalArgumentException when {@code atNanos} is before {@link #now()}
   */
  public void schedule(long atNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    if (atNanos < now) {
      throw new IllegalArgumentException("atNanos = " + atNanos + ", must not be before now (" + now + ")");
    }
    events.add(new Event(atNanos, nextSequence++, action));
  }

  /**
   * Runs every action due at or before {@code untilNanos}, including those scheduled while running,
   * then leaves the clock at {@code untilNanos}.
   *
   * @return how many actions ran
   * @throws IllegalArgumentException when {@code untilNanos} is before {@link #now()}
   */
  public long run(long untilNanos) {
    if (untilNanos < now) {
      throw new IllegalArgumentException("untilNanos = " + untilNanos + ", must not be before now (" + now + ")");
    }
    long ran = 0;
    while (!events.isEmpty() && events.peek().at <= untilNanos) {
      Event e = events.poll();
      now = e.at;
      e.action.run();
      ran++;
    }
    now = untilNanos;
    eventsRun += ran;
    return ran;
  }

  /** Actions scheduled and not yet run. */
  public int pending() {
    return events.size();
  }

  /** Actions run since the start. */
  public long eventsRun() {
    return eventsRun;
  }

  /** One scheduled action; ordered by time, then by scheduling order. */
  private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
