package dev.cortado.control.batching;

import java.time.Instant;

/** The baseline without batching ({@code none}): each request runs alone, as soon as an instance is idle. */
public final class NoBatching implements BatchPolicy {
  public static final String NAME = "none";

  @Override
  public Dispatch decide(QueueView queue, Instant now) {
    return Dispatch.idle(queue).orElseGet(() -> new Dispatch.Now(1, "no batching: one request at a time"));
  }

  @Override
  public void observe(BatchOutcome outcome) {
    // Nothing to learn.
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
}
