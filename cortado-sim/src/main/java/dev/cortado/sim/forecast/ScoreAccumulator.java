package dev.cortado.sim.forecast;

import dev.cortado.control.forecast.Accuracy;

/** Running sums for one forecaster at one horizon. */
final class ScoreAccumulator {
  private int points;
  private double smape;
  private double ape;
  private int apePoints;
  private double scaledError;
  private int scaledPoints;
  private int covered;
  private double upperSum;
  private double actualSum;

  /** One forecast point: mean, upper quantile, what came, and the origin's MASE scale. */
  void add(double mean, double upper, double actual, double scale) {
    points++;
    smape += Accuracy.smape(mean, actual);
    if (actual != 0) {
      ape += Accuracy.ape(mean, actual);
      apePoints++;
    }
    if (scale > 0) {
      scaledError += Math.abs(mean - actual) / scale;
      scaledPoints++;
    }
    if (actual <= upper) {
      covered++;
    }
    upperSum += upper;
    actualSum += actual;
  }

  ForecastScore score(String forecaster, int horizon, double microsPerForecast) {
    return new ForecastScore(forecaster, horizon, points,
        ratio(smape, points),
        ratio(ape, apePoints),
        ratio(scaledError, scaledPoints),
        ratio(covered, points),
        actualSum > 0 ? 100 * (upperSum / actualSum - 1) : Double.NaN,
        microsPerForecast);
  }

  private static double ratio(double sum, int count) {
    return count == 0 ? Double.NaN : sum / count;
  }
}
