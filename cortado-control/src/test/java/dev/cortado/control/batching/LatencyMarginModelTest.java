package dev.cortado.control.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.profile.BatchLatency;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The margin against its definition, recomputed from scratch after every batch: the quantile of the
 * last {@code window} errors, sorted, floored at 0 and capped. The margin keeps its window sorted
 * by moving part of an array per batch; the definition shows what it must give, exactly.
 */
class LatencyMarginModelTest {
  @ParameterizedTest
  @CsvSource({"1, 0.9, 1", "4, 0.9, 2", "50, 0.9, 3", "50, 0.5, 4", "7, 0.0, 5", "7, 1.0, 6"})
  void isTheQuantileOfTheLastWindowOfErrors(int window, double quantile, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    LatencyMargin margin = new LatencyMargin(window, quantile, 5);
    double[] recent = new double[0];
    double[] values = {-2, -0.5, 0, 0.25, 0.25, 1, 3, 8}; // few values: repeats, as batch times repeat
    for (int i = 0; i < 5_000; i++) {
      double observed = random.nextInt(3) == 0 ? values[random.nextInt(values.length)] + 1 : 1 + 4 * random.nextDouble();
      double predicted = 1;
      margin.observe(observed, predicted);
      double[] grown = Arrays.copyOf(recent, Math.min(window, recent.length + 1));
      if (grown.length == recent.length) {
        System.arraycopy(grown, 1, grown, 0, grown.length - 1);
      }
      grown[grown.length - 1] = observed - predicted;
      recent = grown;
      double[] sorted = recent.clone();
      Arrays.sort(sorted);
      assertThat(margin.marginMs()).as("batch %d", i)
          .isEqualTo(Math.min(5, Math.max(0, BatchLatency.quantile(sorted, quantile))));
      assertThat(margin.typicalErrorMs()).as("batch %d", i)
          .isEqualTo(Math.min(5, Math.max(0, BatchLatency.quantile(sorted, 0.5))));
    }
  }
}
