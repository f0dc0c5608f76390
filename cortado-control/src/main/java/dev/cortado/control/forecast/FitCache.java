package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A memo of the last few fits, keyed by the exact data they were fitted on (start, step and every
 * value, compared in place), so a hit returns what a refit would. Guarded by {@code lock}; the fit itself runs outside
 * it (two threads missing at once both fit, and get equal answers).
 */
final class FitCache<F> {
  private record Entry<F>(Instant start, Duration step, double[] values, F fit) {
    boolean matches(RateHistory history, int from, int to) {
      return values.length == to - from
          && start.equals(history.timeOf(from))
          && step.equals(history.step())
          && history.hasRates(from, values);
    }
  }

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Entry<F>> entries = new ArrayDeque<>();

  FitCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The fit of steps {@code [from, to)} of {@code history}: from the memo, or by {@code fit} applied
   * to a copy of their rates.
   */
  F get(RateHistory history, int from, int to, Function<double[], F> fit) {
    lock.lock();
    try {
      for (Iterator<Entry<F>> it = entries.iterator(); it.hasNext(); ) {
        Entry<F> e = it.next();
        if (e.matches(history, from, to)) {
          it.remove();
          entries.addFirst(e);
          return e.fit();
        }
      }
    } finally {
      lock.unlock();
    }
    double[] values = history.rates(from, to);
    F fitted = fit.apply(values);
    lock.lock();
    try {
      entries.addFirst(new Entry<>(history.timeOf(from), history.step(), values, fitted));
      while (entries.size() > capacity) {
        entries.removeLast();
      }
    } finally {
      lock.unlock();
    }
    return fitted;
  }
}
