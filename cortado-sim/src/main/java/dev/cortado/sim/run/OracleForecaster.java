package dev.cortado.sim.run;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A perfect forecast: the true rates of the window, known in advance (the {@code oracle} policy's,
 * to bound what forecasting can gain). Its mean and upper quantile are the true mean rate of each
 * step. Exists only in the simulator, where the future is a file.
 */
final class OracleForecaster implements Forecaster {
  private final Instant origin;
  private final double[] perSecond;

  /** @param perSecond the true rate each second from {@code origin} */
  OracleForecaster(Instant origin, double[] perSecond) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.perSecond = perSecond.clone();
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
    Duration step = history.step();
    Instant from = history.end();
    int steps = (int) Math.max(1, (Duration.between(from, now).plus(horizon).toNanos() + step.toNanos() - 1) / step.toNanos());
    double[] mean = new double[steps];
    for (int i = 0; i < steps; i++) {
      long a = Duration.between(origin, from.plus(step.multipliedBy(i))).toSeconds();
      long b = a + Math.max(1, step.toSeconds());
      double sum = 0;
      for (long s = a; s < b; s++) {
        sum += s >= 0 && s < perSecond.length ? perSecond[(int) s] : 0;
      }
      mean[i] = sum / (b - a);
    }
    return new Forecast(from, step, mean, mean, 0.5);
  }
}
