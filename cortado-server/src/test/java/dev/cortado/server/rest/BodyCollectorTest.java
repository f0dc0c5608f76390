package dev.cortado.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyCollectorTest {
  private static byte[] bytes(int n, int from) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  @Test
  void a_declared_body_in_chunks_comes_back_whole_and_in_order() {
    BodyCollector c = new BodyCollector(10, 100);

    assertThat(c.add(Buffer.buffer(bytes(4, 0)))).isTrue();
    assertThat(c.add(Buffer.buffer(bytes(6, 4)))).isTrue();

    assertThat(c.bytes()).isEqualTo(bytes(10, 0));
  }

  @Test
  void a_body_without_a_length_or_longer_than_declared_grows() {
    BodyCollector unknown = new BodyCollector(-1, 1 << 22);
    for (int i = 0; i < 5; i++) {
      assertThat(unknown.add(Buffer.buffer(bytes(1000, i * 1000)))).isTrue();
    }
    assertThat(unknown.bytes()).isEqualTo(bytes(5000, 0));

    BodyCollector understated = new BodyCollector(2, 100);
    understated.add(Buffer.buffer(bytes(3, 0)));
    understated.add(Buffer.buffer(bytes(3, 3)));
    assertThat(understated.bytes()).isEqualTo(bytes(6, 0));

    BodyCollector large = new BodyCollector(3L << 20, 4L << 20);
    byte[] chunk = bytes(1 << 20, 7);
    for (int i = 0; i < 3; i++) {
      large.add(Buffer.buffer(chunk));
    }
    byte[] all = large.bytes();
    assertThat(all).hasSize(3 << 20);
    assertThat(Arrays.copyOfRange(all, 2 << 20, 3 << 20)).isEqualTo(chunk);
  }

  @Test
  void a_shorter_body_than_declared_is_what_arrived() {
    BodyCollector c = new BodyCollector(100, 1000);
    c.add(Buffer.buffer(bytes(3, 1)));

    assertThat(c.bytes()).isEqualTo(bytes(3, 1));
  }

  @Test
  void a_chunk_past_the_limit_is_refused_and_nothing_of_it_kept() {
    BodyCollector c = new BodyCollector(-1, 10);

    assertThat(c.add(Buffer.buffer(bytes(8, 0)))).isTrue();
    assertThat(c.add(Buffer.buffer(bytes(3, 8)))).isFalse();
    assertThat(c.bytes()).isEqualTo(bytes(8, 0));
  }
}
