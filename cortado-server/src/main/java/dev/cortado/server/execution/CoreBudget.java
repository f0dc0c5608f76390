package dev.cortado.server.execution;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cores instances may hold in total (the sum of their intra-op threads). Every start takes its
 * threads from here and every stop gives them back. Thread-safe.
 */
public final class CoreBudget {
  private final int total;
  private final AtomicInteger used = new AtomicInteger();

  public CoreBudget(int total) {
    if (total < 1) {
      throw new IllegalArgumentException("core budget = " + total + ", must be at least 1");
    }
    this.total = total;
  }

  public int total() {
    return total;
  }

  public int used() {
    return used.get();
  }

  public int free() {
    return Math.max(0, total - used.get());
  }

  /** Takes {@code threads} cores if that many are free. */
  public boolean tryAcquire(int threads) {
    while (true) {
      int now = used.get();
      if (now + threads > total) {
        return false;
      }
      if (used.compareAndSet(now, now + threads)) {
        return true;
      }
    }
  }

  public void release(int threads) {
    used.addAndGet(-threads);
  }
}
