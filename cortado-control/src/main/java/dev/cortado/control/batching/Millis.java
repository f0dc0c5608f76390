package dev.cortado.control.batching;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/** Milliseconds as doubles (profiles speak them) and as exact nanosecond durations (time does). */
final class Millis {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Millis() {}

  /**
   * A latency in milliseconds as a duration, rounded up to the nanosecond: a budget is never
   * understated, so a batch judged to fit does fit.
   */
  static Duration duration(double ms) {
    return Duration.ofNanos(nanos(ms));
  }

  /** {@link #duration} in nanoseconds, without the object. */
  static long nanos(double ms) {
    if (!(ms >= 0) || Double.isInfinite(ms)) {
      throw new IllegalArgumentException("latency = " + ms + " ms, must be finite and >= 0");
    }
    return (long) Math.ceil(ms * 1e6);
  }

  /** Milliseconds from {@code from} to {@code to}, negative when {@code to} is earlier. */
  static double between(Instant from, Instant to) {
    return nanosBetween(from, to) / 1e6;
  }

  /**
   * Nanoseconds from {@code from} to {@code to}: {@code Duration.between(from, to).toNanos()}
   * without making the duration (this is on every request's path).
   */
  static long nanosBetween(Instant from, Instant to) {
    long seconds = Math.subtractExact(to.getEpochSecond(), from.getEpochSecond());
    return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), to.getNano() - from.getNano());
  }

  /** Four significant digits, no exponent, no trailing zeros: 3.2, 4.1, 1520, 0.0006. */
  static String num(double v) {
    return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
