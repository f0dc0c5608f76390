package dev.cortado.control.batching;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/** Milliseconds as doubles (profiles speak them) and as exact nanosecond durations (time does). */
final class Millis {
  private Millis() {}

  /**
   * A latency in milliseconds as a duration, rounded up to the nanosecond: a budget is never
   * understated, so a batch judged to fit does fit.
   */
  static Duration duration(double ms) {
    if (!(ms >= 0) || Double.isInfinite(ms)) {
      throw new IllegalArgumentException("latency = " + ms + " ms, must be finite and >= 0");
    }
    return Duration.ofNanos((long) Math.ceil(ms * 1e6));
  }

  /** Milliseconds from {@code from} to {@code to}, negative when {@code to} is earlier. */
  static double between(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  /** Four significant digits, no exponent, no trailing zeros: 3.2, 4.1, 1520, 0.0006. */
  static String num(double v) {
    return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
