package dev.cortado.server.batching;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How busy the machine's CPU was recently, 0..1 (NaN where the platform does not say): the mean of
 * the last {@link #SAMPLES} readings, one every {@link #REFRESH_MILLIS}. A single 100 ms reading
 * swings between 0.7 and 1.0 on a machine its load keeps saturated (hand-offs leave the cores idle
 * for moments); half a second's mean is steady enough to act on. A daemon thread reads the JVM's
 * operating-system bean, so that asking, which every batching decision does, is one volatile read
 * and never touches the operating system on the request path.
 */
public final class CpuGauge {
  static final long REFRESH_MILLIS = 100;
  static final int SAMPLES = 5;
  private static final CpuGauge MACHINE = new CpuGauge();

  private volatile double busy = Double.NaN;

  private CpuGauge() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("cortado-cpu-gauge").unstarted(r));
      RecentMean recent = new RecentMean(SAMPLES);
      sampler.scheduleAtFixedRate(() -> busy = recent.add(os.getCpuLoad()), 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The mean of the last {@code n} readings in [0, 1]; a reading outside it (the platform's "unknown") is left out. */
  static final class RecentMean {
    private final double[] readings;
    private int next;
    private int count;

    RecentMean(int n) {
      readings = new double[n];
    }

    /** Adds a reading; returns the mean of the last {@code n} valid ones, NaN while there is none. */
    double add(double reading) {
      if (reading >= 0 && reading <= 1) {
        readings[next] = reading;
        next = (next + 1) % readings.length;
        count = Math.min(count + 1, readings.length);
      }
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += readings[i];
      }
      return count == 0 ? Double.NaN : sum / count;
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
