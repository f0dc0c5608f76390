package dev.cortado.control.forecast;

/** Point-forecast error measures shared by the ensemble's backtests and by evaluations. */
public final class Accuracy {
  private Accuracy() {}

  /**
   * The symmetric absolute percentage error of one point, in percent: {@code 200 |f - a| / (|f| +
   * |a|)}, from 0 to 200; 0 when both are 0.
   */
  public static double smape(double forecast, double actual) {
    double denominator = Math.abs(forecast) + Math.abs(actual);
    return denominator == 0 ? 0 : 200 * Math.abs(forecast - actual) / denominator;
  }

  /** The absolute percentage error of one point, in percent; NaN when the actual is 0. */
  public static double ape(double forecast, double actual) {
    return actual == 0 ? Double.NaN : 100 * Math.abs(forecast - actual) / Math.abs(actual);
  }
}
