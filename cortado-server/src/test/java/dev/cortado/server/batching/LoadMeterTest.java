package dev.cortado.server.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadMeterTest {
  static final long MS = 1_000_000L;
  final AtomicLong nanos = new AtomicLong(1_000 * MS);
  final LoadMeter meter = new LoadMeter(nanos::get);

  void advanceMs(long ms) {
    nanos.addAndGet(ms * MS);
  }

  @Test
  void counts_every_arrival_and_the_answers_with_their_latency() {
    meter.arrival();
    meter.accepted();
    meter.arrival(); // refused: arrived, never in flight
    meter.arrival();
    meter.accepted();
    advanceMs(10);
    meter.finished(true, 10 * MS);
    meter.finished(false, 12 * MS); // failed: in flight no more, not answered
    meter.batch(4 * MS);
    meter.batch(6 * MS);

    LoadMeter.LoadSnapshot s = meter.snapshot();

    assertThat(s.arrivals()).isEqualTo(3);
    assertThat(s.answered()).isEqualTo(1);
    assertThat(s.meanLatencyMs()).isEqualTo(10.0);
    assertThat(s.meanBatchLatencyMs()).isEqualTo(5.0);
    assertThat(s.inFlight()).isZero();
  }

  @Test
  void mean_in_flight_is_the_time_average_over_the_window() {
    meter.accepted();
    meter.accepted();
    advanceMs(250); // 2 in flight for 250 ms
    meter.finished(true, 250 * MS);
    advanceMs(250); // 1 for 250 ms
    meter.finished(true, 500 * MS);
    advanceMs(500); // 0 for 500 ms

    LoadMeter.LoadSnapshot s = meter.snapshot();

    assertThat(s.windowNanos()).isEqualTo(1_000 * MS);
    assertThat(s.meanInFlight()).isCloseTo((2 * 250 + 250) / 1000.0, within(1e-9));
  }

  @Test
  void a_snapshot_starts_the_next_window_and_carries_what_is_still_in_flight() {
    meter.arrival();
    meter.accepted();
    advanceMs(100);
    meter.snapshot();
    advanceMs(400);

    LoadMeter.LoadSnapshot s = meter.snapshot();

    assertThat(s.arrivals()).isZero();
    assertThat(s.windowNanos()).isEqualTo(400 * MS);
    assertThat(s.meanInFlight()).isEqualTo(1.0);
    assertThat(s.inFlight()).isEqualTo(1);
    assertThat(s.meanLatencyMs()).isNaN();
    assertThat(s.meanBatchLatencyMs()).isNaN();
  }

  @Test
  void the_largest_burst_is_the_most_arrivals_within_ten_milliseconds_and_each_window_counts_its_own() {
    for (int i = 0; i < 300; i++) {
      meter.arrival(); // a fan-out: 300 at once
    }
    advanceMs(100);
    for (int i = 0; i < 20; i++) {
      meter.arrival();
      advanceMs(2); // one every 2 ms: five within any 10 ms
    }
    assertThat(meter.snapshot().burstArrivals()).isEqualTo(300);
    advanceMs(50);
    meter.arrival();
    assertThat(meter.snapshot().burstArrivals()).as("the next window saw only its own").isEqualTo(1);
  }

  @Test
  void many_request_threads_and_one_reader_lose_nothing() throws Exception {
    LoadMeter shared = LoadMeter.onSystemTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 1_000; i++) {
          shared.arrival();
          shared.accepted();
          shared.finished(true, 1);
        }
      }));
    }
    long arrivals = 0;
    long answered = 0;
    while (threads.stream().anyMatch(Thread::isAlive)) {
      LoadMeter.LoadSnapshot s = shared.snapshot();
      arrivals += s.arrivals();
      answered += s.answered();
    }
    for (Thread t : threads) {
      t.join();
    }
    LoadMeter.LoadSnapshot last = shared.snapshot();

    assertThat(arrivals + last.arrivals()).isEqualTo(8_000);
    assertThat(answered + last.answered()).isEqualTo(8_000);
    assertThat(last.inFlight()).isZero();
  }
}
