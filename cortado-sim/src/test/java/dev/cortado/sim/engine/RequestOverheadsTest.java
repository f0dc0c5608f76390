package dev.cortado.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestOverheadsTest {
  @TempDir Path dir;

  private static RequestOverhead level(double rate, double p50, double max) {
    return new RequestOverhead("at " + rate, "rest", rate, 1000, new double[] {0, 0.5, 1}, new double[] {0, p50, max});
  }

  private static final RequestOverheads TWO = RequestOverheads.NONE.with(level(300, 3, 30)).with(level(100, 1, 10));

  @Test
  void levels_are_kept_by_rate_and_blended_quantile_by_quantile_between_them() {
    assertThat(TWO.levels()).extracting(RequestOverhead::ratePerSecond).containsExactly(100.0, 300.0);
    assertThat(TWO.quantileMs(0.5, 100)).isEqualTo(1);
    assertThat(TWO.quantileMs(0.5, 200)).isCloseTo(2, within(1e-9));
    assertThat(TWO.quantileMs(1, 250)).isCloseTo(25, within(1e-9));
    assertThat(TWO.quantileMs(0.25, 150)).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void outside_the_measured_rates_the_nearest_level_serves() {
    assertThat(TWO.quantileMs(0.5, 0)).isEqualTo(1);
    assertThat(TWO.quantileMs(0.5, 1000)).isEqualTo(3);
  }

  @Test
  void a_new_measurement_near_a_levels_rate_replaces_it() {
    RequestOverheads again = TWO.with(level(104, 2, 20));
    assertThat(again.levels()).extracting(RequestOverhead::ratePerSecond).containsExactly(104.0, 300.0);
    assertThat(again.with(level(150, 1, 1)).levels()).hasSize(3);
  }

  @Test
  void none_draws_nothing_and_takes_no_random_number() {
    SplittableRandom a = new SplittableRandom(5);
    assertThat(RequestOverheads.NONE.drawNanos(a, 100)).isZero();
    assertThat(a.nextLong()).isEqualTo(new SplittableRandom(5).nextLong());
  }

  @Test
  void draws_at_a_rate_follow_the_blended_distribution() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 100_000;
    int belowTwo = 0;
    for (int i = 0; i < n; i++) {
      belowTwo += TWO.drawNanos(random, 200) <= 2_000_000 ? 1 : 0;
    }
    assertThat(belowTwo / (double) n).isCloseTo(0.5, within(0.01));
  }

  @Test
  void written_and_read_back_unchanged() {
    Path file = dir.resolve("sub/overhead.json");
    TWO.write(file);
    assertThat(RequestOverheads.read(file)).isEqualTo(TWO);
  }

  @Test
  void another_kind_of_file_an_empty_one_and_a_missing_one_are_refused_by_name() throws IOException {
    Path other = Files.writeString(dir.resolve("x.json"), "{\"kind\": \"profile\"}");
    assertThatThrownBy(() -> RequestOverheads.read(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a request overhead file").hasMessageContaining("cortado-request-overhead");
    Path empty = Files.writeString(dir.resolve("e.json"), "{\"kind\": \"cortado-request-overhead\", \"levels\": []}");
    assertThatThrownBy(() -> RequestOverheads.read(empty)).hasMessageContaining("no measured levels");
    assertThatThrownBy(() -> RequestOverheads.read(dir.resolve("missing.json"))).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.json");
  }

  @Test
  void two_levels_at_one_rate_are_refused() {
    assertThatThrownBy(() -> new RequestOverheads(List.of(level(100, 1, 2), level(100, 2, 3))))
        .hasMessageContaining("same rate 100.0/s");
  }
}
