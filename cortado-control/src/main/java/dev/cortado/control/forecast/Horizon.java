package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The checks every forecaster makes on its arguments, and the step arithmetic they share. */
final class Horizon {
  private Horizon() {}

  /**
   * How many steps from {@code history.end()} reach {@code now + horizon}; refuses an empty history,
   * a horizon that is not positive and a {@code now} before the history's end.
   */
  static int steps(RateHistory history, Instant now, Duration horizon) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(horizon, "horizon");
    if (history.isEmpty()) {
      throw new IllegalArgumentException("history is empty: a forecast needs at least one observed step");
    }
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon = " + horizon + ", must be positive");
    }
    Instant end = history.end();
    if (now.isBefore(end)) {
      throw new IllegalArgumentException("now = " + now + " is before the end of the history " + end
          + ": the history must not reach past now");
    }
    long span = Duration.between(end, now.plus(horizon)).toNanos();
    long step = history.step().toNanos();
    long steps = (span + step - 1) / step;
    if (steps > 10_000_000) {
      throw new IllegalArgumentException("horizon = " + horizon + " from " + now + " is " + steps + " steps of "
          + history.step() + ", more than 10,000,000");
    }
    return (int) steps;
  }

  /** A season as a whole number of steps, at least 2. */
  static int seasonSteps(Duration season, Duration step) {
    Objects.requireNonNull(season, "season");
    long seasonNanos = season.toNanos();
    long stepNanos = step.toNanos();
    if (seasonNanos % stepNanos != 0 || seasonNanos / stepNanos < 2) {
      throw new IllegalArgumentException(
          "season = " + season + ", must be a whole number of at least 2 history steps of " + step);
    }
    return Math.toIntExact(seasonNanos / stepNanos);
  }

  /** A positive duration, or a clear error naming it. */
  static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " = " + value + ", must be positive");
    }
    return value;
  }

  /** A quantile in (0, 1), or a clear error. */
  static double quantile(double quantile) {
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile = " + quantile + ", must be in (0, 1)");
    }
    return quantile;
  }
}
