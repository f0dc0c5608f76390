package dev.cortado.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestOverheadTest {
  private static RequestOverhead overhead() {
    return new RequestOverhead("test", "rest", 100, 1000, new double[] {0, 0.5, 0.99, 1}, new double[] {1, 2, 10, 50});
  }

  @Test
  void quantiles_are_linear_between_the_stored_points() {
    RequestOverhead o = overhead();
    assertThat(o.quantileMs(0)).isEqualTo(1);
    assertThat(o.quantileMs(0.25)).isEqualTo(1.5);
    assertThat(o.quantileMs(0.5)).isEqualTo(2);
    assertThat(o.quantileMs(0.745)).isCloseTo(6, within(1e-9));
    assertThat(o.quantileMs(0.995)).isCloseTo(30, within(1e-9));
    assertThat(o.quantileMs(1)).isEqualTo(50);
  }

  @Test
  void draws_follow_the_distribution() {
    RequestOverhead o = overhead();
    SplittableRandom random = new SplittableRandom(3);
    int n = 200_000;
    int below2 = 0;
    int above10 = 0;
    for (int i = 0; i < n; i++) {
      long d = o.drawNanos(random);
      assertThat(d).isBetween(1_000_000L, 50_000_000L);
      below2 += d <= 2_000_000 ? 1 : 0;
      above10 += d > 10_000_000 ? 1 : 0;
    }
    assertThat(below2 / (double) n).isCloseTo(0.5, within(0.01));
    assertThat(above10 / (double) n).isCloseTo(0.01, within(0.002));
  }

  @Test
  void same_seed_same_draws() {
    RequestOverhead o = overhead();
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 100; i++) {
      assertThat(o.drawNanos(a)).isEqualTo(o.drawNanos(b));
    }
  }

  @Test
  void malformed_quantiles_are_refused_saying_what_is_wrong() {
    assertThatThrownBy(() -> new RequestOverhead("d", "rest", 1, 1, new double[] {0, 1}, new double[] {1}))
        .hasMessageContaining("2 probabilities and 1 values");
    assertThatThrownBy(() -> new RequestOverhead("d", "rest", 1, 1, new double[] {0.1, 1}, new double[] {1, 2}))
        .hasMessageContaining("from probability 0 to 1");
    assertThatThrownBy(() -> new RequestOverhead("d", "rest", 1, 1, new double[] {0, 0.5, 1}, new double[] {1, 3, 2}))
        .hasMessageContaining("quantile 2");
    assertThatThrownBy(() -> new RequestOverhead("d", "rest", 1, 1, new double[] {0, 1}, new double[] {-1, 2}))
        .hasMessageContaining("quantile 0");
  }
}
