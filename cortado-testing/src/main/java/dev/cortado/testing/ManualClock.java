package dev.cortado.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test advances it. */
public final class ManualClock implements InstantSource {
  private final AtomicReference<Instant> now;

  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public static ManualClock atEpoch() {
    return new ManualClock(Instant.EPOCH);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  public Instant advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + d);
    }
    return now.updateAndGet(t -> t.plus(d));
  }

  public Instant advanceMillis(long millis) {
    return advance(Duration.ofMillis(millis));
  }
}
