package dev.cortado.sim.forecast;

import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.error.CortadoException;
import dev.cortado.sim.trace.ArrivalTrace;
import dev.cortado.sim.trace.CountTrace;
import dev.cortado.sim.trace.TimestampTrace;
import java.time.Duration;
import java.time.Instant;

/**
 * A trace as a per-minute {@link RateHistory} in requests per second, its first minute at the epoch
 * (traces keep only offsets; only differences matter). Count buckets shorter than a minute are summed
 * per minute, request timestamps counted per minute; a last minute the trace does not cover whole is
 * dropped.
 */
public final class PerMinuteRates {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final long MINUTE_NANOS = MINUTE.toNanos();

  private PerMinuteRates() {}

  public static RateHistory of(ArrivalTrace trace) {
    long[] counts = switch (trace) {
      case CountTrace c -> fromCounts(c);
      case TimestampTrace t -> fromTimestamps(t);
    };
    if (counts.length == 0) {
      throw CortadoException.invalidArgument(
          "trace %s covers %s, less than one whole minute", trace.source(), trace.duration());
    }
    return RateHistory.ofCounts(Instant.EPOCH, MINUTE, counts);
  }

  private static long[] fromCounts(CountTrace trace) {
    long bucket = trace.bucketLength().toNanos();
    if (bucket > MINUTE_NANOS || MINUTE_NANOS % bucket != 0) {
      throw CortadoException.invalidArgument(
          "trace %s has buckets of %s; per-minute rates need buckets that divide a minute",
          trace.source(), trace.bucketLength());
    }
    int perMinute = (int) (MINUTE_NANOS / bucket);
    long[] counts = new long[trace.buckets() / perMinute];
    for (int i = 0; i < counts.length * perMinute; i++) {
      counts[i / perMinute] += trace.count(i);
    }
    return counts;
  }

  private static long[] fromTimestamps(TimestampTrace trace) {
    long[] counts = new long[(int) (trace.duration().toNanos() / MINUTE_NANOS)];
    for (int i = 0; i < trace.size(); i++) {
      long minute = trace.offsetNanos(i) / MINUTE_NANOS;
      if (minute < counts.length) {
        counts[(int) minute]++;
      }
    }
    return counts;
  }
}
