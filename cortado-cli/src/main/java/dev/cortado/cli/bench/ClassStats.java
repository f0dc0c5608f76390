package dev.cortado.cli.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;

/** What one request class got: latencies (HdrHistogram, microseconds), outcomes, accuracy and cost delivered. Guard: {@link #lock}. */
final class ClassStats {
  private final RequestClass requestClass;
  private final ReentrantLock lock = new ReentrantLock();
  private final Histogram latencyUs = new Histogram(3_600_000_000L, 3);
  /** Per answer that reports its queue and compute time: the latency neither explains (transport, hand-offs, client). */
  private final Histogram outsideUs = new Histogram(3_600_000_000L, 3);
  private final Map<String, Long> variants = new TreeMap<>();
  private final Map<Integer, Long> errors = new TreeMap<>();
  private long sent;
  private long answered;
  private long withinSlo;
  private double accuracySum;
  private long accuracyCount;
  private double costSum;

  ClassStats(RequestClass requestClass) {
    this.requestClass = requestClass;
  }

  void sent() {
    lock.lock();
    try {
      sent++;
    } finally {
      lock.unlock();
    }
  }

  void answered(long latencyNanos, String variant, double accuracy, double cost, double serverMs) {
    lock.lock();
    try {
      answered++;
      long us = Math.max(1, latencyNanos / 1000);
      latencyUs.recordValue(Math.min(us, latencyUs.getHighestTrackableValue()));
      if (!Double.isNaN(serverMs)) {
        long outside = Math.max(0, us - Math.round(serverMs * 1000));
        outsideUs.recordValue(Math.min(outside, outsideUs.getHighestTrackableValue()));
      }
      boolean accurateEnough = Double.isNaN(accuracy) || accuracy >= requestClass.minAccuracy();
      if (us / 1000.0 <= requestClass.sloMs() && accurateEnough) {
        withinSlo++;
      }
      if (variant != null) {
        variants.merge(variant, 1L, Long::sum);
      }
      if (!Double.isNaN(accuracy)) {
        accuracySum += accuracy;
        accuracyCount++;
      }
      if (!Double.isNaN(cost)) {
        costSum += cost;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Adds this class's outside-the-server latencies (microseconds) to {@code into}. */
  void addOutsideTo(Histogram into) {
    lock.lock();
    try {
      into.add(outsideUs);
    } finally {
      lock.unlock();
    }
  }

  void failed(int status) {
    lock.lock();
    try {
      errors.merge(status, 1L, Long::sum);
    } finally {
      lock.unlock();
    }
  }

  Summary summary(double seconds) {
    lock.lock();
    try {
      long failed = errors.values().stream().mapToLong(Long::longValue).sum();
      return new Summary(requestClass.name(), requestClass.target(), requestClass.sloMs(), sent, answered, failed,
          new TreeMap<>(errors), answered / seconds, withinSlo / seconds,
          sent == 0 ? 0 : withinSlo / (double) sent,
          ms(latencyUs.getValueAtPercentile(50)), ms(latencyUs.getValueAtPercentile(90)),
          ms(latencyUs.getValueAtPercentile(99)), ms(latencyUs.getValueAtPercentile(99.9)),
          accuracyCount == 0 ? Double.NaN : accuracySum / accuracyCount,
          answered == 0 ? Double.NaN : costSum / answered * 1000, new TreeMap<>(variants));
    } finally {
      lock.unlock();
    }
  }

  private static double ms(long us) {
    return us / 1000.0;
  }

  /**
   * A class's results. SLO attainment counts every request sent: an answer meets the SLO when it
   * came within {@code latency_slo_ms} from a variant at or above {@code min_accuracy}; an error
   * is a miss.
   */
  record Summary(String name, String target, double sloMs, long sent, long answered, long failed, Map<Integer, Long> errors,
      double throughput, double goodput, double sloAttainment, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
      double meanAccuracy, double costPer1k, Map<String, Long> variants) {}
}
