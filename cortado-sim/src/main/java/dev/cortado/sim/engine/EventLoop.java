package dev.cortado.sim.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;

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
  /*
   * The queue: a binary min-heap on (time, sequence) kept in parallel arrays rather than a
   * PriorityQueue of event objects, so an event costs no allocation of its own and a comparison
   * reads two longs instead of calling compareTo: the simulator schedules several events per
   * request.
   */
  private long[] times = new long[64];
  private long[] sequences = new long[64];
  private Runnable[] actions = new Runnable[64];
  private int size;
  /** Occurrences of series ({@link #scheduleEvery}) not yet in the heap. */
  private long seriesWaiting;
  private long now;
  /** {@link #instant()} as last made, and the time it was made for. */
  private Instant instant;
  private long instantNanos;
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
    // Made once per simulated time: decision code asks for it several times per event.
    if (instant == null || instantNanos != now) {
      instant = instantAt(now);
      instantNanos = now;
    }
    return instant;
  }

  /** Nanosecond {@code nanos} of simulated time as an instant. */
  public Instant instantAt(long nanos) {
    return origin.plusNanos(nanos);
  }

  /**
   * An instant as nanoseconds of simulated time (the inverse of {@link #instantAt}):
   * {@code Duration.between(origin, instant).toNanos()} without making the duration.
   */
  public long nanosAt(Instant instant) {
    long seconds = Math.subtractExact(instant.getEpochSecond(), origin.getEpochSecond());
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), instant.getNano() - origin.getNano());
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
    push(atNanos, nextSequence++, action);
  }

  /**
   * Runs {@code action} at {@code firstNanos}, {@code firstNanos + periodNanos}, ... up to
   * {@code lastNanos} inclusive: exactly as that many {@link #schedule} calls in a row would, each
   * occurrence keeping its place among actions due at the same time, but holding only the next
   * occurrence in the queue (a run's control ticks would otherwise fill it with millions).
   *
   * @throws IllegalArgumentException when {@code firstNanos} is before {@link #now()} or the period is not positive
   */
  public void scheduleEvery(long firstNanos, long periodNanos, long lastNanos, Runnable action) {
    Objects.requireNonNull(action, "action");
    if (firstNanos < now) {
      throw new IllegalArgumentException("firstNanos = " + firstNanos + ", must not be before now (" + now + ")");
    }
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("periodNanos = " + periodNanos + ", must be positive");
    }
    if (lastNanos < firstNanos) {
      return;
    }
    long count = (lastNanos - firstNanos) / periodNanos + 1;
    Series series = new Series(firstNanos, periodNanos, count, nextSequence, action);
    nextSequence += count; // the sequence numbers the count schedule calls would have taken
    seriesWaiting += count - 1;
    push(firstNanos, series.firstSequence, series);
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
    while (size > 0 && times[0] <= untilNanos) {
      now = times[0];
      Runnable action = actions[0];
      removeFirst();
      action.run();
      ran++;
    }
    now = untilNanos;
    eventsRun += ran;
    return ran;
  }

  /** Actions scheduled and not yet run. */
  public int pending() {
    return (int) Math.min(Integer.MAX_VALUE, size + seriesWaiting);
  }

  /** Actions run since the start. */
  public long eventsRun() {
    return eventsRun;
  }

  private void push(long at, long sequence, Runnable action) {
    if (size == times.length) {
      int grown = size * 2;
      times = Arrays.copyOf(times, grown);
      sequences = Arrays.copyOf(sequences, grown);
      actions = Arrays.copyOf(actions, grown);
    }
    int k = size++;
    while (k > 0) { // sift up
      int parent = (k - 1) >>> 1;
      if (!before(at, sequence, times[parent], sequences[parent])) {
        break;
      }
      set(k, times[parent], sequences[parent], actions[parent]);
      k = parent;
    }
    set(k, at, sequence, action);
  }

  private void removeFirst() {
    int last = --size;
    long at = times[last];
    long sequence = sequences[last];
    Runnable action = actions[last];
    actions[last] = null;
    if (last == 0) {
      return;
    }
    int k = 0;
    int half = last >>> 1;
    while (k < half) { // sift down
      int child = 2 * k + 1;
      int right = child + 1;
      if (right < last && before(times[right], sequences[right], times[child], sequences[child])) {
        child = right;
      }
      if (!before(times[child], sequences[child], at, sequence)) {
        break;
      }
      set(k, times[child], sequences[child], actions[child]);
      k = child;
    }
    set(k, at, sequence, action);
  }

  private void set(int k, long at, long sequence, Runnable action) {
    times[k] = at;
    sequences[k] = sequence;
    actions[k] = action;
  }

  /** Time order, then scheduling order. */
  private static boolean before(long at, long sequence, long otherAt, long otherSequence) {
    return at < otherAt || (at == otherAt && sequence < otherSequence);
  }

  /** The occurrences of one {@link #scheduleEvery}: each, when run, queues the next under its reserved sequence number. */
  private final class Series implements Runnable {
    private final long firstNanos;
    private final long periodNanos;
    private final long count;
    private final long firstSequence;
    private final Runnable action;
    private long index;

    Series(long firstNanos, long periodNanos, long count, long firstSequence, Runnable action) {
      this.firstNanos = firstNanos;
      this.periodNanos = periodNanos;
      this.count = count;
      this.firstSequence = firstSequence;
      this.action = action;
    }

    @Override
    public void run() {
      if (++index < count) {
        seriesWaiting--;
        push(firstNanos + index * periodNanos, firstSequence + index, this);
      }
      action.run();
    }
  }
}
