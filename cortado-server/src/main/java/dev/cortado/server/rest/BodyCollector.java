package dev.cortado.server.rest;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Gathers a request body's chunks into one array, sized up front from {@code Content-Length} so that
 * the usual body is copied once (not grown by doubling and then copied out again).
 */
final class BodyCollector {
  /** The most it reserves on a declared length alone, before any byte arrives: a large claim grows as data comes. */
  static final int MAX_RESERVED = 1 << 20;

  private final long limit;
  private byte[] data;
  private int length;

  /**
   * @param declared the {@code Content-Length}, or a negative number when none was sent
   * @param limit the largest body accepted
   */
  BodyCollector(long declared, long limit) {
    this.limit = limit;
    this.data = new byte[(int) Math.min(declared < 0 ? 1024 : declared, Math.min(limit, MAX_RESERVED))];
  }

  /** Appends a chunk; false, keeping nothing of it, when the body would pass the limit. */
  boolean add(Buffer chunk) {
    int n = chunk.length();
    if ((long) length + n > limit) {
      return false;
    }
    if (length + n > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(limit, Math.max((long) length + n, 2L * data.length)));
    }
    chunk.getBytes(0, n, data, length);
    length += n;
    return true;
  }

  /** The body so far. */
  byte[] bytes() {
    return length == data.length ? data : Arrays.copyOf(data, length);
  }
}
