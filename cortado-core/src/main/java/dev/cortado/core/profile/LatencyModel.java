package dev.cortado.core.profile;

/**
 * A fitted latency curve {@code latency(b) = interceptMs + slopeMs * b} (INFaaS's form), with the
 * fit's root-mean-square error in milliseconds so callers know how far to trust it.
 */
public record LatencyModel(double interceptMs, double slopeMs, double rmseMs) {
  public LatencyModel {
    if (!Double.isFinite(interceptMs) || !Double.isFinite(slopeMs) || !(rmseMs >= 0)) {
      throw new IllegalArgumentException("bad latency model: " + interceptMs + " + " + slopeMs + " * b, rmse " + rmseMs);
    }
  }

  public double predictMs(int batchSize) {
    return Math.max(0, interceptMs + slopeMs * batchSize);
  }

  /** Least-squares fit of {@code y = a + b x} to points (batch size, milliseconds). */
  public static LatencyModel fit(int[] batchSizes, double[] millis) {
    int n = batchSizes.length;
    if (n == 0 || n != millis.length) {
      throw new IllegalArgumentException("need as many latencies as batch sizes, and at least one");
    }
    if (n == 1) {
      return new LatencyModel(millis[0] - 0, 0, 0);
    }
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
      sx += batchSizes[i];
      sy += millis[i];
      sxx += (double) batchSizes[i] * batchSizes[i];
      sxy += batchSizes[i] * millis[i];
    }
    double denom = n * sxx - sx * sx;
    double slope = denom == 0 ? 0 : (n * sxy - sx * sy) / denom;
    double intercept = (sy - slope * sx) / n;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double e = millis[i] - (intercept + slope * batchSizes[i]);
      sse += e * e;
    }
    return new LatencyModel(intercept, slope, Math.sqrt(sse / n));
  }
}
