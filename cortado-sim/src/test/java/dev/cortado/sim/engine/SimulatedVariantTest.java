package dev.cortado.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.cortado.control.batching.BatchPolicy;
import dev.cortado.control.batching.CortadoBatching;
import dev.cortado.control.batching.FixedBatching;
import dev.cortado.control.batching.NoBatching;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.trace.ArrivalStream;
import dev.cortado.sim.trace.CountTrace;
import dev.cortado.sim.trace.TimestampTrace;
import dev.cortado.sim.trace.TraceWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimulatedVariantTest {
  private static final long MS = 1_000_000L;
  /** Batch of 1 takes 5 ms, batches of 2 and 3 take 6 ms. */
  private static final Profile TOY = Profiles.fixed(Map.of(1, 5.0, 3, 6.0), 4.5, 0.5);

  /** Requests at exactly these times (replayed once each, at scale 1). */
  private static ArrivalStream at(long... nanos) {
    TimestampTrace trace = new TimestampTrace(Path.of("hand-written"), nanos);
    return ArrivalStream.of(trace, TraceWindow.whole(trace), 0);
  }

  private static SimulationSpec spec(int instances, long sloMs) {
    return new SimulationSpec(instances, Duration.ofMillis(sloMs), 100, 1);
  }

  @Test
  void withoutBatchingOneInstanceAnswersOneAtATime() {
    // Answers at 5, 10 and 15 ms: latencies 5, 9 and 13 ms; the SLO of 10 ms misses the last.
    SimulationResult r = SimulatedVariant.simulate(TOY, new NoBatching(), spec(1, 10), at(0, MS, 2 * MS), 20 * MS);

    assertThat(r.policy()).isEqualTo("none");
    assertThat(r.requests()).isEqualTo(new SimulationResult.Requests(3, 3, 0, 0, 3, 2));
    assertThat(r.batches()).isEqualTo(3);
    assertThat(r.meanBatchSize()).isEqualTo(1.0);
    assertThat(r.busyNanos()).isEqualTo(15 * MS);
    assertThat(r.utilisation()).isEqualTo(0.75);
    assertThat(r.latency().maxMs()).isEqualTo(13.0);
    assertThat(r.latency().meanMs()).isEqualTo(9.0);
    assertThat(r.latency().p50Ms()).isCloseTo(9.0, withinPercentage(2));
    assertThat(r.busyCoreSeconds()).isEqualTo(0.030);
  }

  @Test
  void fixedBatchingWaitsItsMaxQueueDelayThenRunsOneBatch() {
    // Arrivals at 0, 1, 2 ms; the 3 ms delay runs out at 3 ms; the batch of 3 takes 6 ms: all answer at 9 ms.
    BatchPolicy fixed = new FixedBatching(8, Duration.ofMillis(3));

    SimulationResult r = SimulatedVariant.simulate(TOY, fixed, spec(1, 10), at(0, MS, 2 * MS), 20 * MS);

    assertThat(r.requests()).isEqualTo(new SimulationResult.Requests(3, 3, 0, 0, 3, 3));
    assertThat(r.batches()).isEqualTo(1);
    assertThat(r.meanBatchSize()).isEqualTo(3.0);
    assertThat(r.busyNanos()).isEqualTo(6 * MS);
    assertThat(r.latency().maxMs()).isEqualTo(9.0);
    assertThat(r.latency().meanMs()).isEqualTo(8.0);
  }

  @Test
  void aFullBatchGoesAtOnceAndTheSecondInstanceTakesTheNext() {
    // Max batch 2: requests 0 and 1 go at 1 ms (full) on one instance; a batch of 2 takes 5.5 ms
    // (halfway between the measured 5 ms of 1 and 6 ms of 3), so they answer at 6.5 ms; request 2
    // waits out its delay (2 + 3 = 5 ms) and runs alone on the other instance until 10 ms.
    BatchPolicy fixed = new FixedBatching(2, Duration.ofMillis(3));

    SimulationResult r = SimulatedVariant.simulate(TOY, fixed, spec(2, 100), at(0, MS, 2 * MS), 20 * MS);

    assertThat(r.batches()).isEqualTo(2);
    assertThat(r.busyNanos()).isEqualTo(5_500_000 + 5 * MS);
    assertThat(r.latency().maxMs()).isEqualTo(8.0);
    assertThat(r.latency().meanMs()).isCloseTo((6.5 + 5.5 + 8.0) / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theFiguresStopAtTheHorizonAndCountRunningBatchesUpToIt() {
    SimulatedVariant v = new SimulatedVariant(new EventLoop(), TOY, new NoBatching(), spec(1, 10), at(0, MS, 2 * MS));

    SimulationResult early = v.run(7 * MS);

    assertThat(early.requests()).isEqualTo(new SimulationResult.Requests(3, 3, 0, 0, 1, 1));
    assertThat(early.requests().unfinished()).isEqualTo(2);
    assertThat(early.busyNanos()).isEqualTo(7 * MS);
    assertThat(v.run(20 * MS).requests().answered()).isEqualTo(3);
  }

  @Test
  void aFullQueueRejectsAtAdmission() {
    SimulationSpec tiny = new SimulationSpec(1, Duration.ofMillis(100), 1, 1);

    SimulationResult r = SimulatedVariant.simulate(TOY, new NoBatching(), tiny, at(0, MS, 2 * MS, 3 * MS), 50 * MS);

    // Request 0 runs at once; 1 waits in the one place; 2 and 3 find the queue full.
    assertThat(r.requests()).isEqualTo(new SimulationResult.Requests(4, 2, 2, 0, 2, 2));
  }

  @Test
  void cortadoShedsWhatCanNoLongerMeetItsDeadline() {
    // SLO 8 ms, a batch of 1 takes 5 ms, max batch 1. Request 0 runs 0..5 ms. Requests 1 and 2 are
    // admitted (alone, now, they would fit: 1 + 5 <= 9, 2 + 5 <= 10). When the instance frees at
    // 5 ms, request 1 (due at 9) would finish at 10: shed. Request 2 (due at 10) runs 5..10, just in time.
    SimulationResult r = SimulatedVariant.simulate(TOY, new CortadoBatching(TOY, 1), spec(1, 8), at(0, MS, 2 * MS), 50 * MS);

    assertThat(r.requests()).isEqualTo(new SimulationResult.Requests(3, 3, 0, 1, 2, 2));
    assertThat(r.latency().maxMs()).isEqualTo(8.0);
  }

  @Test
  void cortadoRejectsAtAdmissionWhatCannotMeetItsDeadlineEvenAlone() {
    // SLO 4 ms, a batch of 1 takes 5 ms: nothing can be served in time.
    SimulationResult r = SimulatedVariant.simulate(TOY, new CortadoBatching(TOY, 1), spec(1, 4), at(0, MS), 50 * MS);

    assertThat(r.requests()).isEqualTo(new SimulationResult.Requests(2, 0, 2, 0, 0, 0));
    assertThat(r.batches()).isZero();
    assertThat(r.latency().p50Ms()).isNaN();
  }

  private static Profile linear() {
    // 2 + 0.5 b ms, with +-10 % jitter in five samples per size: batch 16 takes 10 ms (1,600/s).
    Map<Integer, List<Double>> samples = new TreeMap<>();
    for (int b : new int[] {1, 2, 4, 8, 16}) {
      double m = 2 + 0.5 * b;
      samples.put(b, List.of(0.9 * m, 0.95 * m, m, 1.05 * m, 1.1 * m));
    }
    return Profiles.of(samples, 2, 0.5);
  }

  private static SimulationResult poisson(BatchPolicy policy, int perSecond, long seed) {
    int[] counts = new int[10];
    Arrays.fill(counts, perSecond);
    CountTrace trace = new CountTrace(Path.of("poisson"), Duration.ofSeconds(1), counts);
    ArrivalStream stream = ArrivalStream.of(trace, TraceWindow.whole(trace), seed);
    return SimulatedVariant.simulate(linear(), policy, new SimulationSpec(2, Duration.ofMillis(50), 1_000, seed), stream,
        11_000 * MS);
  }

  @Test
  void theSameSeedGivesTheSameResult() {
    Profile p = linear();

    SimulationResult a = poisson(new CortadoBatching(p, 16), 500, 7);
    SimulationResult b = poisson(new CortadoBatching(p, 16), 500, 7);
    SimulationResult c = poisson(new CortadoBatching(p, 16), 500, 8);

    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void belowCapacityCortadoAnswersAlmostEverythingWithinItsSlo() {
    // Two instances, each good for 1,600/s at batch 16, offered 1,000/s: well below capacity.
    SimulationResult r = poisson(new CortadoBatching(linear(), 16), 1_000, 3);
    SimulationResult.Requests q = r.requests();

    assertThat(q.arrived()).isCloseTo(10_000, withinPercentage(5));
    assertThat(q.unfinished()).isZero();
    assertThat((double) q.answered()).isGreaterThanOrEqualTo(0.99 * q.arrived());
    assertThat(q.attainment()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.latency().p99Ms()).isLessThanOrEqualTo(50.0);
    assertThat(r.utilisation()).isBetween(0.05, 1.0);
    assertThat(r.batchedItems()).isEqualTo(q.answered());
    assertThat(r.meanBatchSize()).isBetween(1.0, 16.0);
  }
}
