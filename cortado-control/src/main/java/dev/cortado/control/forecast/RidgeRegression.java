package dev.cortado.control.forecast;

/**
 * Least squares with an L2 penalty per coefficient, accumulated one row at a time into the normal
 * equations {@code (X'X + diag(penalty)) b = X'y} and solved by Cholesky. O(p^2) per row and O(p^3)
 * per solve, with no n x p matrix held.
 */
final class RidgeRegression {
  private final int p;
  private final double[][] gram;
  private final double[] moment;

  RidgeRegression(int p) {
    this.p = p;
    this.gram = new double[p][p];
    this.moment = new double[p];
  }

  /** Adds one observation {@code y} with features {@code x}, counted {@code weight} times. */
  void add(double[] x, double y, double weight) {
    for (int i = 0; i < p; i++) {
      double xi = x[i] * weight;
      if (xi == 0) {
        continue;
      }
      moment[i] += xi * y;
      double[] row = gram[i];
      for (int j = 0; j <= i; j++) {
        row[j] += xi * x[j];
      }
    }
  }

  /** The coefficients minimising {@code |y - X b|^2 + sum penalty[i] b[i]^2}. */
  double[] solve(double[] penalty) {
    double[][] a = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = gram[i][j];
      }
      a[i][i] += penalty[i];
    }
    double[][] l = cholesky(a);
    double[] z = new double[p];
    for (int i = 0; i < p; i++) {
      double s = moment[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    double[] b = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < p; k++) {
        s -= l[k][i] * b[k];
      }
      b[i] = s / l[i][i];
    }
    return b;
  }

  /**
   * The lower-triangular {@code L} with {@code L L' = a} (only the lower triangle of {@code a} is
   * read). A pivot that is not positive (a rank-deficient design) is raised to a tiny positive value,
   * which zeroes the redundant direction instead of failing.
   */
  private static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(a[i][i]));
    }
    double floor = Math.max(1e-300, scale * 1e-13);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          l[i][i] = Math.sqrt(Math.max(s, floor));
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }
}
