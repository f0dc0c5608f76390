package dev.cortado.control.forecast;

import java.util.Arrays;

/**
 * Upper quantiles from a model's own recent errors: the {@code q}-quantile of {@code actual -
 * predicted} over a recent window, added to the mean (never subtracted: a model that overshoots gets
 * an offset of 0, not a bound below its mean).
 */
final class Residuals {
  /** Leads past this reuse the offset of the last one measured; keeps the cost at window x 60. */
  static final int MAX_MEASURED_LEADS = 60;

  private Residuals() {}

  /** What a model would have predicted for step {@code origin + lead - 1}, seeing steps before {@code origin}. */
  @FunctionalInterface
  interface LeadPredictor {
    double predict(int origin, int lead);
  }

  /**
   * The {@code q}-quantile of {@code values[0, count)} (linear interpolation between order
   * statistics), or 0 for no values. O(count): a selection on a copy, not a sort.
   */
  static double quantile(double[] values, int count, double q) {
    if (count == 0) {
      return 0;
    }
    double[] copy = Arrays.copyOf(values, count);
    double position = q * (count - 1);
    int below = (int) Math.floor(position);
    double low = select(copy, below);
    if (below + 1 >= count) {
      return low;
    }
    double high = copy[below + 1];
    for (int i = below + 2; i < count; i++) {
      high = Math.min(high, copy[i]);
    }
    return low + (position - below) * (high - low);
  }

  /**
   * The {@code k}-th smallest of {@code a} (from 0), leaving {@code a} partitioned around it: all
   * before {@code k} no larger, all after no smaller (Hoare's selection, median-of-three pivots).
   */
  private static double select(double[] a, int k) {
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double pivot = median(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  private static double median(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /**
   * For each lead 1..{@code leads}, the {@code q}-quantile of the errors of {@code predictor} on the
   * last {@code window} steps of {@code y}, floored at 0; from origins {@code >= minOrigin}. A lead
   * with no error to measure takes the previous lead's offset.
   */
  static double[] perLead(double[] y, int leads, int window, int minOrigin, double q, LeadPredictor predictor) {
    double[] offsets = new double[leads];
    double[] errors = new double[Math.max(1, window)];
    double previous = 0;
    for (int lead = 1; lead <= leads; lead++) {
      if (lead > MAX_MEASURED_LEADS) {
        offsets[lead - 1] = previous;
        continue;
      }
      int count = 0;
      for (int target = Math.max(0, y.length - window); target < y.length; target++) {
        int origin = target - lead + 1;
        if (origin >= Math.max(1, minOrigin)) {
          errors[count++] = y[target] - predictor.predict(origin, lead);
        }
      }
      double offset = count == 0 ? previous : Math.max(0, quantile(errors, count, q));
      offsets[lead - 1] = offset;
      previous = offset;
    }
    return offsets;
  }
}
