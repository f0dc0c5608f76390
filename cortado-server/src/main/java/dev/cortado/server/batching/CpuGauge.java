package dev.cortado.server.batching;

import java.lang.management.ManagementFactory;

/**
 * How busy the machine's CPU was recently, 0..1 (NaN where the platform does not say), read from
 * the JVM's operating-system bean at most every {@link #REFRESH_NANOS}: cheap enough to ask on
 * every batching decision. Thread-safe; a stale read by a racing thread is harmless.
 */
public final class CpuGauge {
  static final long REFRESH_NANOS = 100_000_000L;
  private static final CpuGauge MACHINE = new CpuGauge();

  private final com.sun.management.OperatingSystemMXBean os;
  private volatile double busy = Double.NaN;
  private volatile long readAt = Long.MIN_VALUE;

  private CpuGauge() {
    var bean = ManagementFactory.getOperatingSystemMXBean();
    this.os = bean instanceof com.sun.management.OperatingSystemMXBean b ? b : null;
  }

  /** The machine's gauge. */
  public static CpuGauge machine() {
    return MACHINE;
  }

  /** The share of the machine's CPU busy over the last refresh, NaN when unknown. */
  public double busy() {
    long now = System.nanoTime();
    if (os != null && now - readAt >= REFRESH_NANOS) {
      readAt = now;
      double load = os.getCpuLoad();
      busy = load < 0 ? Double.NaN : load;
    }
    return busy;
  }
}
