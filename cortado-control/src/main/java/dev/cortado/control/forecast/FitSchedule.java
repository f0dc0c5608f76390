package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * When a fitted model is refitted, and on which data: the fit used at {@code now} is the one on the
 * last {@code fitWindow} of history before the latest multiple of {@code refitEvery} (counted from
 * the epoch) at or before {@code now}. As {@code now} moves within one refit interval the slice stays
 * the same, so its fit can be memoised ({@link FitCache}) and the forecast is still a function of the
 * history alone. The slice's start is also aligned to the grid, so a history that slides forward
 * keeps its slices until the grid moves.
 */
record FitSchedule(Duration refitEvery, Duration fitWindow) {

  FitSchedule {
    Horizon.positive("refitEvery", refitEvery);
    Horizon.positive("fitWindow", fitWindow);
  }

  /** Steps {@code [from, to)} of a history. */
  record Slice(int from, int to) {
    int length() {
      return to - from;
    }
  }

  /**
   * The steps the fit at {@code now} uses. If the aligned slice holds fewer than {@code minSteps}, the
   * fit uses the latest {@code fitWindow} of the history instead (refitted whenever it changes).
   */
  Slice slice(RateHistory history, Instant now, int minSteps) {
    long step = history.step().toNanos();
    long start = epochNanos(history.start());
    long refit = refitEvery.toNanos();
    int n = history.size();
    int windowSteps = LastValueForecaster.windowSteps(fitWindow, history.step());
    long anchor = Math.floorDiv(epochNanos(now), refit) * refit;
    long gridStart = Math.ceilDiv(start, refit) * refit;
    int to = Math.clamp(Math.floorDiv(anchor - start, step), 0, n);
    int alignedFrom = Math.clamp(Math.ceilDiv(gridStart - start, step), 0, n);
    int from = Math.max(alignedFrom, to - windowSteps);
    if (to - from >= minSteps) {
      return new Slice(from, to);
    }
    return new Slice(Math.max(0, n - windowSteps), n);
  }

  private static long epochNanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }
}
