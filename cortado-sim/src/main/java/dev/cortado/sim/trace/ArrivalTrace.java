package dev.cortado.sim.trace;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A real arrival trace: either request counts per fixed-length bucket ({@link CountTrace}) or one
 * timestamp per request ({@link TimestampTrace}). Read one with {@link TraceReader#read(Path)}.
 */
public sealed interface ArrivalTrace permits CountTrace, TimestampTrace {

  /** The file the trace was read from, for reports ("which file, which window, which scale"). */
  Path source();

  /** The time the trace covers, from its first bucket or request; windows must lie inside it. */
  Duration duration();
}
