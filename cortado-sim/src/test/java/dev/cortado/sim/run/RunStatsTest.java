package dev.cortado.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.sim.cluster.ClassTag;
import dev.cortado.sim.engine.RequestOverhead;
import dev.cortado.sim.engine.RequestOverheads;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatsTest {
  private static final ClassTag TAG = new ClassTag(0, 5.5);

  @Test
  void without_an_overhead_the_class_sees_the_pools_latency() {
    RunStats stats = new RunStats(1, Map.of("v", 0.9));
    stats.answered("v", TAG, 1_000_000);
    assertThat(stats.step[0].withinSlo).isEqualTo(1);
    assertThat(stats.ticks.get("v").latencyNanosSum).isEqualTo(1_000_000);
  }

  @Test
  void the_class_sees_the_overhead_and_the_policy_does_not() {
    // every draw is 5 ms: a 1 ms answer reaches its client at 6 ms, past the 5.5 ms SLO
    RequestOverhead fiveMs = new RequestOverhead("t", "rest", 1, 1, new double[] {0, 1}, new double[] {5, 5});
    RunStats stats = new RunStats(1, Map.of("v", 0.9), RequestOverheads.NONE.with(fiveMs), 1);
    stats.answered("v", TAG, 1_000_000);
    assertThat(stats.step[0].answered).isEqualTo(1);
    assertThat(stats.step[0].withinSlo).isZero();
    assertThat(stats.step[0].latencies.quantile(0.5)).isBetween(5_900_000.0, 6_100_000.0);
    assertThat(stats.ticks.get("v").latencyNanosSum).isEqualTo(1_000_000);
  }

  @Test
  void the_overhead_is_drawn_at_the_last_seconds_arrival_rate() {
    // 1 ms at rest, 11 ms at 100/s: a second of 50 arrivals puts the next answers halfway, at 6 ms
    RequestOverheads levels = RequestOverheads.NONE
        .with(new RequestOverhead("idle", "rest", 0, 1, new double[] {0, 1}, new double[] {1, 1}))
        .with(new RequestOverhead("busy", "rest", 100, 1, new double[] {0, 1}, new double[] {11, 11}));
    RunStats stats = new RunStats(1, Map.of("v", 0.9), levels, 1);
    stats.answered("v", TAG, 0);
    assertThat(stats.step[0].latencies.quantile(1)).isBetween(0.98e6, 1.02e6);
    for (int i = 0; i < 50; i++) {
      stats.arrived(0, "v");
    }
    stats.closeSecond();
    stats.closeStep();
    stats.answered("v", TAG, 0);
    assertThat(stats.step[0].latencies.quantile(1)).isBetween(5.9e6, 6.1e6);
    stats.closeSecond(); // a quiet second: back to the idle level
    stats.closeStep();
    stats.answered("v", TAG, 0);
    assertThat(stats.step[0].latencies.quantile(1)).isBetween(0.98e6, 1.02e6);
  }
}
