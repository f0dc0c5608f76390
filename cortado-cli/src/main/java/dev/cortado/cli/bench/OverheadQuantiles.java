package dev.cortado.cli.bench;

import dev.cortado.sim.engine.RequestOverhead;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Turns the bench's measured outside-the-server latencies into a {@link RequestOverhead} the simulator
 * reads: quantiles at every percent, finer in the tail (each 0.1 % from 99 %, each 0.01 % from
 * 99.9 %), the minimum at 0 and the maximum at 1.
 */
final class OverheadQuantiles {
  private OverheadQuantiles() {}

  static RequestOverhead of(Histogram outsideUs, String description, String transport, double ratePerSecond) {
    if (outsideUs.getTotalCount() < 100) {
      throw new IllegalStateException("only " + outsideUs.getTotalCount() + " answers reported their queue_ms and "
          + "compute_ms; a request overhead needs at least 100 (is the server a Cortado server?)");
    }
    List<Double> ps = probabilities();
    double[] p = new double[ps.size()];
    double[] ms = new double[ps.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = ps.get(i);
      long us = p[i] == 0 ? outsideUs.getMinValue()
          : p[i] == 1 ? outsideUs.getMaxValue() : outsideUs.getValueAtPercentile(p[i] * 100);
      ms[i] = Math.max(i == 0 ? 0 : ms[i - 1], us / 1000.0);
    }
    return new RequestOverhead(description, transport, ratePerSecond, outsideUs.getTotalCount(), p, ms);
  }

  static List<Double> probabilities() {
    List<Double> ps = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      ps.add(i / 100.0);
    }
    for (int i = 990; i < 999; i++) {
      ps.add(i / 1000.0);
    }
    for (int i = 9990; i < 10000; i++) {
      ps.add(i / 10000.0);
    }
    ps.add(1.0);
    return ps;
  }
}
