package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResidualsTest {
  /** The textbook definition: sort, then interpolate between the order statistics around q (n - 1). */
  private static double sorted(double[] values, double q) {
    double[] s = values.clone();
    Arrays.sort(s);
    double position = q * (s.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(s.length - 1, below + 1);
    return s[below] + (position - below) * (s[above] - s[below]);
  }

  @Test
  void quantileBySelectionAgreesWithSortingOnRandomAndTiedValues() {
    SplittableRandom random = new SplittableRandom(1);
    for (int n = 1; n <= 60; n++) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = n % 3 == 0 ? random.nextInt(4) : random.nextGaussian();
      }
      for (double q : new double[] {0.05, 0.5, 0.9, 0.95, 0.99}) {
        assertThat(Residuals.quantile(values, n, q)).as("n %d q %s", n, q).isCloseTo(sorted(values, q), within(1e-12));
      }
    }
  }

  @Test
  void quantileInterpolatesAndLeavesItsInputAlone() {
    double[] values = {4, 1, 3, 2, 99};

    assertThat(Residuals.quantile(values, 4, 0.5)).isEqualTo(2.5);
    assertThat(Residuals.quantile(values, 4, 0.95)).isCloseTo(3.85, within(1e-12));
    assertThat(Residuals.quantile(values, 0, 0.95)).isZero();
    assertThat(values).containsExactly(4, 1, 3, 2, 99);
  }
}
