package dev.cortado.sim.trace;

import java.util.SplittableRandom;

/** A timestamp trace's window replayed as recorded, thinned or replicated by the scale. */
final class ReplayArrivalStream implements ArrivalStream {
  private final TimestampTrace trace;
  private final long windowStartNanos;
  private final long lengthNanos;
  private final long wholeCopies;
  private final double extraCopyChance;
  private final SplittableRandom random;

  private int index;
  private final int endIndex;
  private long requestNanos;
  private long copiesLeft;
  private long copy;
  private long last;

  ReplayArrivalStream(TimestampTrace trace, TraceWindow window, long seed) {
    this.trace = trace;
    this.windowStartNanos = window.start().toNanos();
    this.lengthNanos = window.length().toNanos();
    this.wholeCopies = (long) Math.floor(window.scale());
    this.extraCopyChance = window.scale() - wholeCopies;
    this.random = new SplittableRandom(seed);
    this.index = trace.firstAtOrAfter(windowStartNanos);
    this.endIndex = trace.firstAtOrAfter(window.end().toNanos());
  }

  @Override
  public long nextNanos() {
    while (true) {
      while (copiesLeft == 0) {
        if (index >= endIndex) {
          return -1;
        }
        requestNanos = trace.offsetNanos(index++) - windowStartNanos;
        copiesLeft = wholeCopies + (random.nextDouble() < extraCopyChance ? 1 : 0);
        copy = 0;
      }
      long at = Math.max(last, requestNanos + copy * COPY_SPACING_NANOS);
      copy++;
      copiesLeft--;
      if (at < lengthNanos) {
        last = at;
        return at;
      }
      copiesLeft = 0; // the rest of this request's copies fall past the window's end
    }
  }
}
