package dev.cortado.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceTimesTest {

  @Test
  void aBatchTakesASampleOfTheNearestMeasuredSizeAtOrAboveItScaledToItsInterpolatedMedian() {
    ServiceTimes times = new ServiceTimes(Profiles.fixed(Map.of(1, 5.0, 3, 6.0), 4.5, 0.5), 1);

    assertThat(times.drawNanos(1)).isEqualTo(5_000_000);
    // halfway between 5 ms (batch 1) and 6 ms (batch 3): the sample of batch 3, scaled by 5.5 / 6
    assertThat(times.drawNanos(2)).isEqualTo(5_500_000);
    assertThat(times.drawNanos(3)).isEqualTo(6_000_000);
  }

  @Test
  void pastTheLargestMeasuredSizeTheSampleIsScaledByTheModel() {
    // model(6) = 4.5 + 0.5 * 6 = 7.5 ms; the largest measured size's median is 6 ms.
    ServiceTimes times = new ServiceTimes(Profiles.fixed(Map.of(1, 5.0, 3, 6.0), 4.5, 0.5), 1);

    assertThat(times.drawNanos(6)).isEqualTo(7_500_000);
  }

  @Test
  void drawsComeFromTheRawSamplesAndRepeatWithTheSeed() {
    var profile = Profiles.of(Map.of(1, List.of(1.0, 2.0, 3.0)), 0, 1);
    ServiceTimes a = new ServiceTimes(profile, 42);
    ServiceTimes b = new ServiceTimes(profile, 42);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long x = a.drawNanos(1);
      assertThat(b.drawNanos(1)).isEqualTo(x);
      seen.add(x);
    }

    assertThat(seen).containsExactlyInAnyOrder(1_000_000L, 2_000_000L, 3_000_000L);
  }
}
