package dev.cortado.control.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurstMeterTest {
  private static final long MS = 1_000_000;

  @Test
  void a_fan_out_within_the_window_counts_whole_and_the_same_requests_spread_out_do_not() {
    BurstMeter fanOut = new BurstMeter(Duration.ofMillis(10));
    for (int i = 0; i < 500; i++) {
      fanOut.arrival(1_000 * MS + i * 2_000L); // 500 requests 2 µs apart
    }
    assertThat(fanOut.peak()).isEqualTo(500);

    BurstMeter spread = new BurstMeter(Duration.ofMillis(10));
    for (int i = 0; i < 500; i++) {
      spread.arrival(i * 2 * MS); // one every 2 ms: five within any 10 ms
    }
    assertThat(spread.peak()).isEqualTo(5);
  }

  @Test
  void the_window_is_half_open_an_arrival_exactly_a_window_later_does_not_count_with_the_first() {
    BurstMeter m = new BurstMeter(Duration.ofMillis(10));
    m.arrival(0);
    m.arrival(10 * MS);
    assertThat(m.peak()).isEqualTo(1);
    m.arrival(10 * MS + 1);
    assertThat(m.peak()).isEqualTo(2);
  }

  @Test
  void a_burst_counts_in_the_tick_of_its_last_arrival_whole_even_when_it_straddles_two() {
    BurstMeter m = new BurstMeter(Duration.ofMillis(10));
    for (int i = 0; i < 100; i++) {
      m.arrival(995 * MS + i * 10_000L); // 100 arrivals from 995 ms to 996 ms
    }
    assertThat(m.peak()).isEqualTo(100);
    m.startWindow(1_000 * MS);
    assertThat(m.peak()).as("not counted again in the next tick").isZero();
    m.arrival(1_001 * MS);
    assertThat(m.peak()).as("a burst that goes on into the next tick counts whole there").isEqualTo(101);
    m.startWindow(1_006 * MS);
    m.arrival(1_007 * MS);
    assertThat(m.peak()).as("the 100 are a window old by then").isEqualTo(2);
  }

  @Test
  void it_refuses_a_window_that_is_not_positive() {
    assertThatThrownBy(() -> new BurstMeter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }
}
