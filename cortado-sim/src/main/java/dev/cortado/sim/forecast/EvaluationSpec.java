package dev.cortado.sim.forecast;

import java.util.List;

/**
 * How a rolling-origin evaluation runs, in steps of the series (minutes for a per-minute one): an
 * origin every {@code every} steps from {@code warmUp} on, each forecaster given the last {@code
 * history} steps before the origin and scored at each of {@code horizons} steps ahead.
 */
public record EvaluationSpec(List<Integer> horizons, int warmUp, int every, int history) {
  /**
   * The origin spacings {@link #defaults} picks from, smallest first; prime to 60, so the origins
   * visit every minute of the hour (a trace with bursts at fixed minutes, like Twitter's at :02 and
   * :32, would otherwise be scored at the same few phases every time).
   */
  private static final int[] SPACINGS = {1, 7, 17, 31, 59, 119};
  private static final int MAX_ORIGINS = 2000;

  public EvaluationSpec {
    horizons = List.copyOf(horizons);
    if (horizons.isEmpty() || horizons.stream().anyMatch(h -> h < 1)) {
      throw new IllegalArgumentException("horizons = " + horizons + ", must be one or more steps >= 1");
    }
    if (warmUp < 1 || every < 1 || history < 1) {
      throw new IllegalArgumentException(
          "warm-up = " + warmUp + ", every = " + every + ", history = " + history + ": each must be >= 1 step");
    }
  }

  /**
   * For a series of {@code steps} minutes: a warm-up of a week (a third of the series if that is
   * shorter), the smallest origin spacing of 1, 7, 17, 31, 59 or 119 minutes that gives at most 2,000
   * origins, and 15 days of history per forecast (the longest default fit window, Prophet-style's two
   * weeks, plus a refit interval and a margin).
   */
  public static EvaluationSpec defaults(int steps, List<Integer> horizons) {
    int warmUp = Math.max(1, Math.min(7 * 1440, steps / 3));
    int longest = horizons.stream().mapToInt(Integer::intValue).max().orElse(1);
    int span = Math.max(0, steps - warmUp - longest);
    int every = SPACINGS[SPACINGS.length - 1];
    for (int spacing : SPACINGS) {
      if (span / spacing < MAX_ORIGINS) {
        every = spacing;
        break;
      }
    }
    return new EvaluationSpec(horizons, warmUp, every, 15 * 1440);
  }

  /** The longest horizon, the one each forecast is asked for. */
  public int longestHorizon() {
    return horizons.stream().mapToInt(Integer::intValue).max().orElseThrow();
  }
}
