package dev.cortado.control.planning;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built profiles and problems with round numbers. */
final class PlanningFixtures {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;

  /** One core for one hour costs 1: a plan's cost per hour is its core count. */
  static final CostModel ONE_PER_CORE_HOUR = new CostModel(1.0 / 3600, 0);

  private PlanningFixtures() {}

  /**
   * A profile measured at batch sizes 1, 2, 4, … (one per latency given), p95 = p99 = p50 × {@code tail}.
   */
  static Profile profile(String variant, int threads, long memoryBytes, double tail, double... p50ByBatch) {
    List<BatchLatency> batches = new ArrayList<>();
    int[] sizes = new int[p50ByBatch.length];
    for (int i = 0; i < p50ByBatch.length; i++) {
      sizes[i] = 1 << i;
      double p50 = p50ByBatch[i];
      batches.add(new BatchLatency(sizes[i], List.of(p50), p50, p50 * tail, p50 * tail, p50));
    }
    return new Profile(variant, "1", InstanceSize.cpu(threads), batches, LatencyModel.fit(sizes, p50ByBatch), 0,
        memoryBytes, Instant.EPOCH, "test");
  }

  /** {@link #profile} with no tail (p95 = p50) and 1 GiB of memory. */
  static Profile flat(String variant, int threads, double... p50ByBatch) {
    return profile(variant, threads, GIB, 1.0, p50ByBatch);
  }

  static PlanningVariant variant(String name, double accuracy, Profile... profiles) {
    return new PlanningVariant(name, "classify", accuracy, List.of(profiles));
  }

  static RequestClass requestClass(String name, double sloMs, double floor, double rate) {
    return new RequestClass(name, "classify", sloMs, floor, rate);
  }

  static PlanningProblem problem(List<RequestClass> classes, List<PlanningVariant> variants, Budget budget, double headroom) {
    return new PlanningProblem(classes, variants, ONE_PER_CORE_HOUR, budget, headroom, 8);
  }

  static StageOption option(int threads, int batch, double latencyMs) {
    return new StageOption(InstanceSize.cpu(threads), batch, latencyMs);
  }

  static Stage stage(String name, StageOption... options) {
    return new Stage(name, List.of(options));
  }
}
