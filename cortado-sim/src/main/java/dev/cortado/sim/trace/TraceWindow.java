package dev.cortado.sim.trace;

import dev.cortado.core.error.CortadoException;
import java.time.Duration;
import java.util.Objects;

/**
 * Which part of a trace to replay and how hard: {@code [start, start + length)} measured from the
 * trace's start, with every rate multiplied by {@code scale}.
 */
public record TraceWindow(Duration start, Duration length, double scale) {

  public TraceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(length, "length");
    if (start.isNegative()) {
      throw CortadoException.invalidArgument("window start = %s, must be >= 0", start);
    }
    if (length.isNegative() || length.isZero()) {
      throw CortadoException.invalidArgument("window length = %s, must be positive", length);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw CortadoException.invalidArgument("window scale = %s, must be a finite number > 0", scale);
    }
    try {
      start.plus(length).toNanos();
    } catch (ArithmeticException e) {
      throw CortadoException.invalidArgument(
          "window start + length = %s + %s, must fit in a long of nanoseconds", start, length);
    }
  }

  /** The whole of {@code trace} at its recorded rate. */
  public static TraceWindow whole(ArrivalTrace trace) {
    return new TraceWindow(Duration.ZERO, trace.duration(), 1.0);
  }

  /** Where the window ends, measured from the trace's start. */
  public Duration end() {
    return start.plus(length);
  }
}
