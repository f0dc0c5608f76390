package dev.cortado.control.batching;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link BatchPolicy} sees of one variant's queue when it decides: the requests in service
 * order (priority level, then deadline, then arrival) and how many instances could take a batch now.
 * A view of a {@link RequestQueue} is live: read it while holding the queue's guard, before changing
 * the queue.
 */
public interface QueueView {
  /** Queued requests. */
  int size();

  /** Queued items: the sum of the requests' batch dimensions. */
  int items();

  /** All queued requests in service order: the next batch is a prefix of this list. */
  List<Pending> inOrder();

  /** The first {@code n} requests in service order (fewer when fewer are queued), without copying the rest. */
  default List<Pending> first(int n) {
    List<Pending> all = inOrder();
    return all.subList(0, Math.min(Math.max(n, 0), all.size()));
  }

  /** The request served next, empty when the queue is. */
  Optional<Pending> head();

  /**
   * When the longest-waiting request arrived (which need not be the head when priorities or
   * deadlines differ).
   *
   * @throws java.util.NoSuchElementException when the queue is empty
   */
  Instant oldestArrival();

  /** Instances of the variant that could start a batch now. */
  int idleInstances();

  /**
   * The recent arrival rate, requests per second, as of {@code now}: NaN until two requests have
   * arrived. It falls as the time since the last arrival grows, so a burst that ended does not
   * keep a policy waiting for requests that are not coming.
   */
  default double arrivalRatePerSecond(Instant now) {
    return Double.NaN;
  }

  /**
   * The share of the machine's CPU that was busy recently, 0..1; NaN where it is not measured (the
   * simulator). The cores a batch's hand-offs use are shared with whatever else runs there.
   */
  default double machineCpuBusy() {
    return Double.NaN;
  }

  /**
   * When the batcher last took a batch from this queue for an instance; empty before the first, or
   * where the batcher does not say.
   */
  default Optional<Instant> lastDispatch() {
    return Optional.empty();
  }

  /**
   * Whether every queued request has the same items and priority level, so that service order is
   * deadline order. False may still be uniform (a policy then scans the queue instead).
   */
  default boolean uniform() {
    return false;
  }

  /** Whether nothing is queued. */
  default boolean isEmpty() {
    return size() == 0;
  }

  /**
   * How many requests, from the head in service order, a batch of at most {@code maxItems} items
   * takes: at least one when the queue is not empty (a request larger than the limit goes alone).
   */
  default int requestsWithin(int maxItems) {
    int requests = 0;
    int items = 0;
    for (Pending p : first(maxItems)) {
      if (requests > 0 && items + p.items() > maxItems) {
        break;
      }
      items += p.items();
      requests++;
    }
    return requests;
  }
}
