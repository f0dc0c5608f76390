package dev.cortado.sim.trace;

import dev.cortado.core.error.CortadoException;
import java.util.Objects;

/**
 * The arrivals of one window of a trace, in order, as nanoseconds after the window's start: pull
 * them one at a time with {@link #nextNanos()} until it returns {@code -1}. Nothing is kept per
 * request and no object is allocated per arrival; the same trace, window and seed give the same
 * arrivals.
 *
 * <p>A {@link CountTrace}'s bucket of {@code n} requests becomes a Poisson process at rate {@code n *
 * scale / bucketLength} across that bucket (the part of it inside the window). A {@link
 * TimestampTrace}'s requests arrive when they did; at scale {@code s} each one is emitted {@code
 * floor(s)} times plus once more with probability {@code frac(s)} (so kept with probability {@code
 * s} when {@code s < 1}), copies {@link #COPY_SPACING_NANOS} apart and never before an arrival
 * already emitted.
 */
public sealed interface ArrivalStream permits PoissonArrivalStream, ReplayArrivalStream {

  /** How far apart the copies of one replicated request are placed. */
  long COPY_SPACING_NANOS = 2_000;

  /**
   * The next arrival, in nanoseconds after the window's start, never before the previous one and
   * always before the window's end; {@code -1} once the window has no more arrivals.
   */
  long nextNanos();

  /**
   * A stream over {@code window} of {@code trace}, drawing its randomness from {@code seed}; the
   * window must lie inside the trace.
   */
  static ArrivalStream of(ArrivalTrace trace, TraceWindow window, long seed) {
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(window, "window");
    if (window.end().compareTo(trace.duration()) > 0) {
      throw CortadoException.invalidArgument(
          "window [%s, %s) ends after trace %s, which lasts %s",
          window.start(), window.end(), trace.source(), trace.duration());
    }
    return switch (trace) {
      case CountTrace counts -> new PoissonArrivalStream(counts, window, seed);
      case TimestampTrace stamps -> new ReplayArrivalStream(stamps, window, seed);
    };
  }
}
