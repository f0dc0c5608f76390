package dev.cortado.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.cortado.core.error.CortadoException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArrivalStreamTest {
  private static final Path SOURCE = Path.of("test-trace");
  private static final long SECOND = 1_000_000_000L;

  private static long[] drain(ArrivalStream stream) {
    long[] out = new long[16];
    int n = 0;
    for (long t = stream.nextNanos(); t >= 0; t = stream.nextNanos()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, 2 * n);
      }
      out[n++] = t;
    }
    assertThat(stream.nextNanos()).isEqualTo(-1);
    return Arrays.copyOf(out, n);
  }

  private static CountTrace seconds(int... counts) {
    return new CountTrace(SOURCE, Duration.ofSeconds(1), counts);
  }

  @Test
  void theSameSeedGivesTheSameArrivalsAndAnotherSeedOthers() {
    CountTrace trace = seconds(50, 0, 120, 7);
    TraceWindow window = TraceWindow.whole(trace);

    long[] first = drain(ArrivalStream.of(trace, window, 42));

    assertThat(drain(ArrivalStream.of(trace, window, 42))).containsExactly(first);
    assertThat(drain(ArrivalStream.of(trace, window, 43))).isNotEqualTo(first);
  }

  @Test
  void eachBucketIsAPoissonProcessAtItsScaledRate() {
    int[] counts = {10, 0, 3, 25, 1};
    double scale = 2_000; // 10,000 to 50,000 expected arrivals in the busy buckets
    CountTrace trace = seconds(counts);
    long[] perBucket = new long[counts.length];
    long previous = 0;

    ArrivalStream stream = ArrivalStream.of(trace, new TraceWindow(Duration.ZERO, trace.duration(), scale), 7);
    for (long t = stream.nextNanos(); t >= 0; t = stream.nextNanos()) {
      assertThat(t).isGreaterThanOrEqualTo(previous).isLessThan(counts.length * SECOND);
      perBucket[(int) (t / SECOND)]++;
      previous = t;
    }

    for (int b = 0; b < counts.length; b++) {
      double expected = counts[b] * scale;
      double sigma = Math.sqrt(expected); // Poisson: variance = mean
      assertThat((double) perBucket[b]).as("bucket %d", b).isCloseTo(expected, offset(5 * sigma + 1e-9));
    }
    assertThat(perBucket[1]).isZero();
  }

  @Test
  void aWindowInsideBucketsKeepsTheirRatesAndStartsAtZero() {
    CountTrace trace = seconds(0, 40_000, 20_000, 0);
    TraceWindow window = new TraceWindow(Duration.ofMillis(1_500), Duration.ofSeconds(1), 1.0);

    long[] arrivals = drain(ArrivalStream.of(trace, window, 3));

    long inFirstHalf = Arrays.stream(arrivals).filter(t -> t < SECOND / 2).count();
    long inSecondHalf = arrivals.length - inFirstHalf;
    assertThat(arrivals).isSorted();
    assertThat(arrivals[0]).isGreaterThanOrEqualTo(0);
    assertThat(arrivals[arrivals.length - 1]).isLessThan(SECOND);
    assertThat((double) inFirstHalf).isBetween(20_000 - 5 * Math.sqrt(20_000), 20_000 + 5 * Math.sqrt(20_000));
    assertThat((double) inSecondHalf).isBetween(10_000 - 5 * Math.sqrt(10_000), 10_000 + 5 * Math.sqrt(10_000));
  }

  @Test
  void timestampsAreReplayedRelativeToTheWindow() {
    // shifted so the first request is at 0: offsets 0, 995, 1_499_995, 2 s - 5, 3 s - 5
    TimestampTrace trace = new TimestampTrace(SOURCE, new long[] {5, 1_000, 1_500_000, 2 * SECOND, 3 * SECOND});
    TraceWindow window = new TraceWindow(Duration.ofNanos(995), Duration.ofNanos(2 * SECOND - 995), 1.0);

    assertThat(drain(ArrivalStream.of(trace, window, 1)))
        .containsExactly(0, 1_499_000, 2 * SECOND - 1_000);
  }

  @Test
  void scaleAboveOneReplicatesRequestsAFewMicrosecondsApartInOrder() {
    long[] stamps = new long[2_000];
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = i * 3_000L; // 3 µs apart, closer than three copies: order must still hold
    }
    TimestampTrace trace = new TimestampTrace(SOURCE, stamps);

    long[] twice = drain(ArrivalStream.of(trace, new TraceWindow(Duration.ZERO, trace.duration(), 2.0), 1));
    long[] twoAndAHalf = drain(ArrivalStream.of(trace, new TraceWindow(Duration.ZERO, trace.duration(), 2.5), 1));

    // the last request's second copy would land past the window's end (duration = last + 1 ns)
    assertThat(twice.length).isEqualTo(3_999);
    assertThat(twice).isSorted();
    assertThat(twice[0]).isZero();
    assertThat(twice[1]).isEqualTo(ArrivalStream.COPY_SPACING_NANOS);
    assertThat(twoAndAHalf).isSorted();
    double sigma = Math.sqrt(2_000 * 0.25); // binomial extra copies
    assertThat((double) twoAndAHalf.length).isBetween(5_000 - 5 * sigma, 5_000 + 5 * sigma);
    assertThat(twoAndAHalf[twoAndAHalf.length - 1]).isLessThan(trace.duration().toNanos());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9})
  void scaleBelowOneKeepsEachRequestWithThatProbability(double scale) {
    long[] stamps = new long[10_000];
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = i * 1_000_000L;
    }
    TimestampTrace trace = new TimestampTrace(SOURCE, stamps);

    long[] kept = drain(ArrivalStream.of(trace, new TraceWindow(Duration.ZERO, trace.duration(), scale), 11));

    double expected = stamps.length * scale;
    double sigma = Math.sqrt(stamps.length * scale * (1 - scale));
    assertThat((double) kept.length).isBetween(expected - 5 * sigma, expected + 5 * sigma);
    assertThat(kept).isSorted();
    assertThat(Arrays.stream(kept).allMatch(t -> t % 1_000_000L == 0)).isTrue();
  }

  @Test
  void aWindowPastTheTraceIsRejected() {
    CountTrace trace = seconds(1, 2);

    assertThatThrownBy(() -> ArrivalStream.of(trace, new TraceWindow(Duration.ofSeconds(1), Duration.ofSeconds(2), 1), 0))
        .isInstanceOf(CortadoException.class)
        .hasMessageContaining("ends after trace test-trace, which lasts PT2S");
  }

  @Test
  void windowsAreValidated() {
    assertThatThrownBy(() -> new TraceWindow(Duration.ofSeconds(-1), Duration.ofSeconds(1), 1))
        .hasMessageContaining("window start = PT-1S, must be >= 0");
    assertThatThrownBy(() -> new TraceWindow(Duration.ZERO, Duration.ZERO, 1))
        .hasMessageContaining("window length = PT0S, must be positive");
    assertThatThrownBy(() -> new TraceWindow(Duration.ZERO, Duration.ofSeconds(1), 0))
        .hasMessageContaining("window scale = 0.0");
    assertThatThrownBy(() -> new TraceWindow(Duration.ZERO, Duration.ofSeconds(1), Double.NaN))
        .hasMessageContaining("window scale = NaN");
    assertThat(new TraceWindow(Duration.ofSeconds(2), Duration.ofSeconds(3), 1.5).end()).isEqualTo(Duration.ofSeconds(5));
  }
}
