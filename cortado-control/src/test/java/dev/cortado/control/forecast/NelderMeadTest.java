package dev.cortado.control.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NelderMeadTest {
  @Test
  void findsTheMinimumOfABowlInsideTheBox() {
    double[] p = NelderMead.minimise(x -> Math.pow(x[0] - 0.3, 2) + 2 * Math.pow(x[1] - 0.7, 2) + 0.5,
        new double[] {0.9, 0.1}, new double[] {0.1, 0.1}, 400, 1e-14);

    assertThat(p[0]).isCloseTo(0.3, within(1e-4));
    assertThat(p[1]).isCloseTo(0.7, within(1e-4));
  }

  @Test
  void aMinimumOutsideTheBoxIsFoundOnItsEdge() {
    double[] p = NelderMead.minimise(x -> Math.pow(x[0] - 1.5, 2) + Math.pow(x[1] - 0.5, 2),
        new double[] {0.5, 0.5}, new double[] {0.1, 0.1}, 400, 1e-14);

    assertThat(p[0]).isEqualTo(1.0);
    assertThat(p[1]).isCloseTo(0.5, within(1e-4));
  }
}
