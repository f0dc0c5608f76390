package dev.cortado.server.batching;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How busy the machine's CPU was recently, 0..1 (NaN where the platform does not say). A daemon
 * thread reads the JVM's operating-system bean every {@link #REFRESH_MILLIS}, so that asking,
 * which every batching decision does, is one volatile read and never touches the operating system
 * on the request path.
 */
public final class CpuGauge {
  static final long REFRESH_MILLIS = 100;
  private static final CpuGauge MACHINE = new CpuGauge();

  private volatile double busy = Double.NaN;

  private CpuGauge() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("cortado-cpu-gauge").unstarted(r));
      sampler.scheduleAtFixedRate(() -> {
        double load = os.getCpuLoad();
        busy = load < 0 ? Double.NaN : load;
      }, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The machine's gauge; its sampling thread starts on first use. */
  public static CpuGauge machine() {
    return MACHINE;
  }

  /** The share of the machine's CPU busy over the last sampling interval, NaN when unknown or not yet sampled. */
  public double busy() {
    return busy;
  }
}
