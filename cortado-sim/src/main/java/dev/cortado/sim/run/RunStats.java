package dev.cortado.sim.run;

import dev.cortado.sim.cluster.ClassTag;
import dev.cortado.sim.cluster.PoolListener;
import dev.cortado.sim.engine.RequestOverheads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The statistics of one run, kept as counts and histograms only: per class over the whole run and
 * over the current time-series step, and per variant over the current control tick. A class sees an
 * answer's latency as its client would: the pool's (queue and run) plus a draw of the machine's
 * measured {@link RequestOverheads} at the last second's arrival rate, when the scenario has one
 * ({@link #closeSecond} is then called every simulated second); a variant's tally, which the scaling
 * policy reads as the server's own meter would, sees the pool's latency only.
 */
final class RunStats implements PoolListener {
  final ClassTally[] total;
  final ClassTally[] step;
  final Map<String, VariantTally> ticks = new HashMap<>();
  private final RequestOverheads overhead;
  private final SplittableRandom overheadDraw;
  private long arrivalsThisSecond;
  private double lastSecondRate;

  RunStats(int classes, Map<String, Double> accuracyByVariant) {
    this(classes, accuracyByVariant, RequestOverheads.NONE, 0);
  }

  /**
   * @param overhead added to each answer's latency as its class sees it
   * @param seed the overhead draws' seed
   */
  RunStats(int classes, Map<String, Double> accuracyByVariant, RequestOverheads overhead, long seed) {
    this.overhead = overhead;
    this.overheadDraw = new SplittableRandom(seed);
    total = new ClassTally[classes];
    step = new ClassTally[classes];
    for (int i = 0; i < classes; i++) {
      total[i] = new ClassTally();
      step[i] = new ClassTally();
    }
    accuracyByVariant.forEach((v, a) -> ticks.put(v, new VariantTally(a)));
  }

  void arrived(int classIndex, String variant) {
    step[classIndex].arrived++;
    arrivalsThisSecond++;
    if (variant != null) {
      ticks.get(variant).arrivals++;
    }
  }

  void infeasible(int classIndex) {
    step[classIndex].infeasible++;
  }

  @Override
  public void refused(String variant, ClassTag tag) {
    step[tag.index()].refused++;
  }

  @Override
  public void shed(String variant, ClassTag tag) {
    step[tag.index()].shed++;
  }

  @Override
  public void answered(String variant, ClassTag tag, long latencyNanos) {
    ClassTally t = step[tag.index()];
    t.answered++;
    long seen = latencyNanos + overhead.drawNanos(overheadDraw, lastSecondRate);
    if (seen <= tag.sloMs() * 1e6) {
      t.withinSlo++;
    }
    VariantTally v = ticks.get(variant);
    t.accuracySum += v.accuracy;
    t.latencies.record(seen);
    v.answered++;
    v.latencyNanosSum += latencyNanos;
  }

  @Override
  public void batchDone(String variant, int items, long serviceNanos) {
    VariantTally v = ticks.get(variant);
    v.batches++;
    v.batchNanosSum += serviceNanos;
  }

  /** A simulated second ended: its arrivals set the rate the request overhead is drawn at until the next. */
  void closeSecond() {
    lastSecondRate = arrivalsThisSecond;
    arrivalsThisSecond = 0;
  }

  /** Folds the step's tallies into the totals and returns their sum over classes, then clears the step. */
  ClassTally closeStep() {
    ClassTally all = new ClassTally();
    for (int i = 0; i < step.length; i++) {
      total[i].add(step[i]);
      all.add(step[i]);
      step[i].clear();
    }
    return all;
  }

  static ClassTally sum(List<ClassTally> tallies) {
    ClassTally all = new ClassTally();
    tallies.forEach(all::add);
    return all;
  }
}
