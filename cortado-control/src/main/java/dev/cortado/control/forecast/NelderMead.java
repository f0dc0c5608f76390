package dev.cortado.control.forecast;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimisation (Nelder and Mead's simplex, standard coefficients) of a function of a
 * few parameters inside the unit box: points are clamped to [0, 1] in every coordinate before they
 * are evaluated. Deterministic; stops after {@code maxEvaluations} or when the simplex's values agree
 * to a relative {@code tolerance}.
 */
final class NelderMead {
  private NelderMead() {}

  static double[] minimise(
      ToDoubleFunction<double[]> f, double[] start, double[] initialStep, int maxEvaluations, double tolerance) {
    int d = start.length;
    double[][] points = new double[d + 1][];
    double[] values = new double[d + 1];
    points[0] = clamp(start);
    for (int i = 0; i < d; i++) {
      double[] p = start.clone();
      p[i] = p[i] + initialStep[i] <= 1 ? p[i] + initialStep[i] : p[i] - initialStep[i];
      points[i + 1] = clamp(p);
    }
    int evaluations = 0;
    for (int i = 0; i <= d; i++) {
      values[i] = value(f, points[i]);
      evaluations++;
    }
    Integer[] order = new Integer[d + 1];
    while (evaluations < maxEvaluations) {
      for (int i = 0; i <= d; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
      int best = order[0];
      int worst = order[d];
      int secondWorst = order[d - 1];
      if (Math.abs(values[worst] - values[best]) <= tolerance * (Math.abs(values[best]) + 1e-300)) {
        break;
      }
      double[] centroid = new double[d];
      for (int i = 0; i <= d; i++) {
        if (i != worst) {
          for (int j = 0; j < d; j++) {
            centroid[j] += points[i][j] / d;
          }
        }
      }
      double[] reflected = clamp(along(centroid, points[worst], -1));
      double reflectedValue = value(f, reflected);
      evaluations++;
      if (reflectedValue < values[best]) {
        double[] expanded = clamp(along(centroid, points[worst], -2));
        double expandedValue = value(f, expanded);
        evaluations++;
        boolean expandedWins = expandedValue < reflectedValue;
        points[worst] = expandedWins ? expanded : reflected;
        values[worst] = expandedWins ? expandedValue : reflectedValue;
      } else if (reflectedValue < values[secondWorst]) {
        points[worst] = reflected;
        values[worst] = reflectedValue;
      } else {
        double[] contracted = clamp(along(centroid, points[worst], 0.5));
        double contractedValue = value(f, contracted);
        evaluations++;
        if (contractedValue < values[worst]) {
          points[worst] = contracted;
          values[worst] = contractedValue;
        } else {
          for (int i = 0; i <= d; i++) {
            if (i != best) {
              points[i] = clamp(along(points[best], points[i], 0.5));
              values[i] = value(f, points[i]);
              evaluations++;
            }
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= d; i++) {
      if (values[i] < values[best]) {
        best = i;
      }
    }
    return points[best];
  }

  /** {@code from + t * (to - from)}. */
  private static double[] along(double[] from, double[] to, double t) {
    double[] p = new double[from.length];
    for (int j = 0; j < p.length; j++) {
      p[j] = from[j] + t * (to[j] - from[j]);
    }
    return p;
  }

  private static double[] clamp(double[] p) {
    double[] c = new double[p.length];
    for (int j = 0; j < p.length; j++) {
      c[j] = Math.clamp(p[j], 0.0, 1.0);
    }
    return c;
  }

  /** The function's value, with NaN (a diverged model) read as worse than anything. */
  private static double value(ToDoubleFunction<double[]> f, double[] p) {
    double v = f.applyAsDouble(p);
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }
}
