package dev.cortado.sim.pipeline;

import dev.cortado.control.scaling.InstanceCapacity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The even split: every stage gets the SLO over the number of stages on the longest path as its own
 * SLO and is sized alone by the single-model rule ({@link InstanceCapacity}: the largest batch whose
 * {@code 2 × p95} fits the share, the throughput {@code b / p50(b)} at it), with the candidate model
 * that needs the fewest cores.
 */
final class EvenSplitSizing implements StageSizing {
  private final List<StageSetup> stages;
  private final double shareMs;

  EvenSplitSizing(List<StageSetup> stages, PipelineGraph graph, double sloMs) {
    this.stages = List.copyOf(stages);
    this.shareMs = sloMs / graph.depth();
  }

  @Override
  public SizedPipeline size(double ratePerSecond) {
    List<SizedStage> sized = new ArrayList<>();
    for (StageSetup s : stages) {
      SizedStage best = null;
      for (int c = 0; c < s.models().size(); c++) {
        SizedStage o = stage(s, c, shareMs, ratePerSecond);
        if (best == null || cores(s, o) < cores(s, best)) {
          best = o;
        }
      }
      sized.add(best);
    }
    return new SizedPipeline(sized, String.format(java.util.Locale.ROOT, "even split: %.2f ms per stage", shareMs));
  }

  private static int cores(StageSetup s, SizedStage o) {
    return o.instances() * s.profile(o.candidate()).size().threads();
  }

  /** Candidate {@code candidate} of {@code s} sized alone for {@code ratePerSecond} within {@code shareMs}. */
  static SizedStage stage(StageSetup s, int candidate, double shareMs, double ratePerSecond) {
    InstanceCapacity capacity = InstanceCapacity.of(s.profile(candidate), Duration.ofNanos(Math.round(shareMs * 1e6)),
        s.maxBatch());
    return new SizedStage(candidate, capacity.batch(), Math.max(1, capacity.instancesFor(ratePerSecond, 1.0)), shareMs);
  }
}
