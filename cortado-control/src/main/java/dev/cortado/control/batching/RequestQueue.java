package dev.cortado.control.batching;

import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One variant's queue of requests waiting for a batch, bounded, in service order: priority level
 * first (1 before 2), earliest deadline first within a level, arrival order among equal deadlines.
 *
 * <p>A plain data structure: no threads, no locks, no clock. The caller guards it (the batcher
 * holds one lock per variant around offer, take and decide) and passes the time in. Requests are
 * kept in two sorted arrays ({@link SortedArray}), by service order and by arrival: offer and take
 * cost O(1) when requests arrive in service order and O(log n) plus a move of part of an array
 * when not; {@link #removeIf} and {@link #removeExpired} scan the queue.
 *
 * <p>Request priority follows Triton's queue policy: 1 is the highest level, larger numbers are
 * lower, and 0 means "the default level", which this queue maps to {@code defaultPriorityLevel}.
 * The queue accepts any level; bounding levels is {@link BatchingConfig#priorityLevel}'s job.
 *
 * @param <T> what the caller keeps with each request (its future, its tensors)
 */
public final class RequestQueue<T> {
  /** A queued request and the caller's payload. */
  public record Queued<T>(Pending pending, T payload) {
    public Queued {
      Objects.requireNonNull(pending, "pending");
    }
  }

  // Written out rather than chained (Comparator.comparingInt(...).thenComparing(...)): every offer
  // and take compares a few times per tree level, and the chained form costs a call per key.
  /** Priority level, then deadline, then sequence. */
  private static final Comparator<Queued<?>> SERVICE_ORDER = (a, b) -> {
    Pending p = a.pending();
    Pending q = b.pending();
    int c = Integer.compare(p.priorityLevel(), q.priorityLevel());
    if (c == 0) {
      c = p.deadline().compareTo(q.deadline());
    }
    return c != 0 ? c : Long.compare(p.sequence(), q.sequence());
  };
  /** Arrival, then sequence. */
  private static final Comparator<Queued<?>> ARRIVAL_ORDER = (a, b) -> {
    int c = a.pending().arrival().compareTo(b.pending().arrival());
    return c != 0 ? c : Long.compare(a.pending().sequence(), b.pending().sequence());
  };

  private final int capacity;
  private final int defaultPriorityLevel;
  private final SortedArray<Queued<T>> byService = new SortedArray<>(SERVICE_ORDER);
  private final SortedArray<Queued<T>> byArrival = new SortedArray<>(ARRIVAL_ORDER);
  private long nextSequence;
  private int items;
  /**
   * The items and priority level of the request that started the queue from empty, and how many
   * queued requests differ from them: none means service order is deadline order ({@link #uniform}).
   */
  private int shapeItems;
  private int shapeLevel;
  private int unlikeShape;
  /** What the caller last measured of the machine's CPU ({@link QueueView#machineCpuBusy}). */
  private double machineCpuBusy = Double.NaN;
  /** Exponentially weighted mean gap between accepted arrivals, nanoseconds; NaN until two arrived. */
  private double meanGapNanos = Double.NaN;
  private Instant lastArrival;
  /** When a batch was last taken for dispatch; null before the first. */
  private Instant lastDispatch;
  /** Views for few idle instances, made once each: a view holds nothing but that number, and one is asked for per decision. */
  private final QueueView[] views = new QueueView[8];
  private static final double GAP_WEIGHT = 0.1;

  /**
   * @param capacity the most requests it holds; one more is refused (RESOURCE_EXHAUSTED)
   * @param defaultPriorityLevel the level of requests with priority 0 (the lowest configured level
   *     by default)
   */
  public RequestQueue(int capacity, int defaultPriorityLevel) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ", must be at least 1");
    }
    if (defaultPriorityLevel < 1) {
      throw new IllegalArgumentException("defaultPriorityLevel = " + defaultPriorityLevel + ", must be at least 1");
    }
    this.capacity = capacity;
    this.defaultPriorityLevel = defaultPriorityLevel;
  }

  /**
   * Queues a request.
   *
   * @param deadline when its answer is due
   * @param priority the request's priority: 0 for the default level, else the level (1 highest)
   * @param items its batch dimension
   * @return the request as queued, empty when the queue is full (answer RESOURCE_EXHAUSTED)
   */
  public Optional<Pending> offer(T payload, Instant arrival, Instant deadline, int priority, int items) {
    Pending pending = pendingOf(arrival, deadline, priority, items);
    if (size() >= capacity) {
      return Optional.empty();
    }
    add(new Queued<>(pending, payload));
    return Optional.of(pending);
  }

  /**
   * Queues a request unless the queue is full or {@code admission} rejects it (for example
   * {@link BatchPolicy#rejection}); a rejected request takes no place and no sequence number.
   */
  public Offer offer(T payload, Instant arrival, Instant deadline, int priority, int items,
      Function<Pending, Optional<String>> admission) {
    Pending pending = pendingOf(arrival, deadline, priority, items);
    if (size() >= capacity) {
      return new Offer.Rejected("the queue is full: " + size() + " requests waiting (capacity " + capacity + ")");
    }
    Optional<String> rejection = admission.apply(pending);
    if (rejection.isPresent()) {
      return new Offer.Rejected(rejection.get());
    }
    add(new Queued<>(pending, payload));
    return new Offer.Accepted(pending);
  }

  /** The level a request priority maps to: 0 is the default level, others are themselves. */
  public int priorityLevel(int priority) {
    if (priority < 0) {
      throw new IllegalArgumentException("priority = " + priority + ", must be >= 0 (0 is the default level)");
    }
    return priority == 0 ? defaultPriorityLevel : priority;
  }

  /** Removes and returns the payloads of the first {@code requests} requests in service order. */
  public List<T> take(int requests) {
    return takeQueued(requests).stream().map(Queued::payload).toList();
  }

  /** Like {@link #take(int)}, for a batch dispatched at {@code at}: the views' {@link QueueView#lastDispatch} from now on. */
  public List<T> take(int requests, Instant at) {
    lastDispatch = Objects.requireNonNull(at, "at");
    return take(requests);
  }

  /** Like {@link #takeQueued(int)}, for a batch dispatched at {@code at} (see {@link #take(int, Instant)}). */
  public List<Queued<T>> takeQueued(int requests, Instant at) {
    lastDispatch = Objects.requireNonNull(at, "at");
    return takeQueued(requests);
  }

  /** Like {@link #take}, with each request's {@link Pending} (for its SLO and queueing time). */
  public List<Queued<T>> takeQueued(int requests) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests = " + requests + ", must be >= 0");
    }
    List<Queued<T>> taken = new ArrayList<>(Math.min(requests, size()));
    while (taken.size() < requests && !byService.isEmpty()) {
      Queued<T> q = byService.removeFirst();
      byArrival.remove(q);
      left(q);
      taken.add(q);
    }
    return taken;
  }

  /** Removes every request that matches, in service order: requests that can no longer be served in time, cancelled ones. */
  public List<Queued<T>> removeIf(Predicate<Pending> condition) {
    List<Queued<T>> removed = new ArrayList<>();
    try {
      byService.removeIf(q -> {
        boolean remove = condition.test(q.pending());
        if (remove) {
          removed.add(q);
        }
        return remove;
      });
    } finally { // should the condition throw, what it matched before is gone from both orders
      for (Queued<T> q : removed) {
        byArrival.remove(q);
        left(q);
      }
    }
    return removed;
  }

  /**
   * Removes requests from the head, in service order, while they match; the first that does not
   * match ends it. The same as {@link #removeIf} when the condition holds for a prefix of the queue
   * in service order (see {@link BatchPolicy#rejectsByDeadline}), at the cost of what it removes.
   */
  public List<Queued<T>> removeWhile(Predicate<Pending> condition) {
    List<Queued<T>> removed = new ArrayList<>();
    while (!byService.isEmpty() && condition.test(byService.get(0).pending())) {
      Queued<T> q = byService.removeFirst();
      byArrival.remove(q);
      left(q);
      removed.add(q);
    }
    return removed;
  }

  /** Removes the requests whose deadline is at or before {@code now} (answer DEADLINE_EXCEEDED). */
  public List<T> removeExpired(Instant now) {
    return removeIf(p -> !p.deadline().isAfter(now)).stream().map(Queued::payload).toList();
  }

  /** Records how busy the machine's CPU was recently (0..1, NaN when unknown), for the views to show. */
  public void machineCpuBusy(double share) {
    this.machineCpuBusy = share;
  }

  /** A live view for a policy, with the number of instances that could take a batch now. */
  public QueueView view(int idleInstances) {
    if (idleInstances < 0) {
      throw new IllegalArgumentException("idleInstances = " + idleInstances + ", must be >= 0");
    }
    if (idleInstances >= views.length) {
      return new View(idleInstances);
    }
    if (views[idleInstances] == null) {
      views[idleInstances] = new View(idleInstances);
    }
    return views[idleInstances];
  }

  public int size() {
    return byService.size();
  }

  public int items() {
    return items;
  }

  public boolean isEmpty() {
    return byService.isEmpty();
  }

  public int capacity() {
    return capacity;
  }

  private Pending pendingOf(Instant arrival, Instant deadline, int priority, int items) {
    return new Pending(nextSequence, arrival, deadline, priorityLevel(priority), items);
  }

  private void add(Queued<T> q) {
    Instant arrival = q.pending().arrival();
    if (lastArrival != null) {
      double gap = Math.max(0, Millis.nanosBetween(lastArrival, arrival));
      meanGapNanos = Double.isNaN(meanGapNanos) ? gap : meanGapNanos + GAP_WEIGHT * (gap - meanGapNanos);
    }
    if (lastArrival == null || arrival.isAfter(lastArrival)) {
      lastArrival = arrival;
    }
    if (byService.isEmpty()) {
      shapeItems = q.pending().items();
      shapeLevel = q.pending().priorityLevel();
      unlikeShape = 0;
    }
    byService.add(q);
    byArrival.add(q);
    items += q.pending().items();
    if (!likeShape(q.pending())) {
      unlikeShape++;
    }
    nextSequence++;
  }

  /**
   * Whether every queued request has the items and priority level of the one that started the
   * queue: service order is then deadline order, so a {@link BatchPolicy#rejectsByDeadline} policy's
   * rejections are a prefix of it ({@link #removeWhile}). Conservative: false may still be uniform.
   */
  public boolean uniform() {
    return unlikeShape == 0;
  }

  private boolean likeShape(Pending p) {
    return p.items() == shapeItems && p.priorityLevel() == shapeLevel;
  }

  /** Forgets a request that left the queue (taken or removed), keeping {@link #uniform} exact. */
  private void left(Queued<T> q) {
    items -= q.pending().items();
    if (!likeShape(q.pending())) {
      unlikeShape--;
    }
  }

  /** The first requests as {@link View#first} gives them: an unmodifiable list over an array of its own. */
  private static final class Prefix extends AbstractList<Pending> implements RandomAccess {
    private final Pending[] requests;

    Prefix(Pending[] requests) {
      this.requests = requests;
    }

    @Override
    public Pending get(int index) {
      return requests[index];
    }

    @Override
    public int size() {
      return requests.length;
    }
  }

  private final class View implements QueueView {
    private final int idleInstances;

    View(int idleInstances) {
      this.idleInstances = idleInstances;
    }

    @Override
    public double machineCpuBusy() {
      return machineCpuBusy;
    }

    @Override
    public int size() {
      return byService.size();
    }

    @Override
    public int items() {
      return items;
    }

    @Override
    public List<Pending> inOrder() {
      return first(byService.size());
    }

    @Override
    public List<Pending> first(int n) {
      Pending[] first = new Pending[Math.max(0, Math.min(n, byService.size()))];
      for (int i = 0; i < first.length; i++) {
        first[i] = byService.get(i).pending();
      }
      return new Prefix(first);
    }

    @Override
    public Optional<Pending> head() {
      return byService.isEmpty() ? Optional.empty() : Optional.of(byService.get(0).pending());
    }

    @Override
    public Optional<Instant> lastDispatch() {
      return Optional.ofNullable(lastDispatch);
    }

    @Override
    public boolean uniform() {
      return RequestQueue.this.uniform();
    }

    @Override
    public Instant oldestArrival() {
      if (byArrival.isEmpty()) {
        throw new NoSuchElementException("the queue is empty");
      }
      return byArrival.get(0).pending().arrival();
    }

    @Override
    public int idleInstances() {
      return idleInstances;
    }

    @Override
    public double arrivalRatePerSecond(Instant now) {
      if (Double.isNaN(meanGapNanos)) {
        return Double.NaN;
      }
      double sinceLast = Math.max(0, Millis.nanosBetween(lastArrival, now));
      double gap = Math.max(meanGapNanos, sinceLast);
      return gap == 0 ? Double.POSITIVE_INFINITY : 1e9 / gap;
    }
  }
}
