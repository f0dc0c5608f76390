package dev.cortado.control.batching;

import java.time.Instant;
import java.util.Objects;

/**
 * One queued request, as policies see it.
 *
 * @param sequence the queue's arrival counter: breaks ties, so service order is total
 * @param arrival when the request entered the queue
 * @param deadline when its answer is due (arrival plus its SLO, see {@link BatchingConfig#deadline})
 * @param priorityLevel 1 is served first, larger numbers later (request priority 0 already mapped
 *     to the queue's default level)
 * @param items its own batch dimension: how many samples it adds to a batch, usually 1
 */
public record Pending(long sequence, Instant arrival, Instant deadline, int priorityLevel, int items) {
  public Pending {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(deadline, "deadline");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence = " + sequence + ", must be >= 0");
    }
    if (priorityLevel < 1) {
      throw new IllegalArgumentException("priorityLevel = " + priorityLevel + ", must be at least 1");
    }
    if (items < 1) {
      throw new IllegalArgumentException("items = " + items + ", must be at least 1");
    }
  }

  /** The SLO it was given: deadline minus arrival, in milliseconds. */
  public double sloMs() {
    return Millis.between(arrival, deadline);
  }
}
