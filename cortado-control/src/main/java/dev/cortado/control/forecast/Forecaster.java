package dev.cortado.control.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Forecasts arrival rates from their history. Pure: reads no clock, starts no thread, does no I/O;
 * an implementation may memoise a fit, but its answer depends on its arguments alone.
 */
public interface Forecaster {

  /** A short kebab-case name for reports: {@code seasonal-naive}, {@code holt-winters-additive}. */
  String name();

  /**
   * The rates from {@code history.end()} to at least {@code now + horizon}, one per history step.
   * {@code now} is the end of the history, or later when the newest step is not complete yet.
   *
   * @throws IllegalArgumentException if the history is empty, the horizon is not positive, or
   *     {@code now} is before the end of the history
   */
  Forecast forecast(RateHistory history, Instant now, Duration horizon);
}
