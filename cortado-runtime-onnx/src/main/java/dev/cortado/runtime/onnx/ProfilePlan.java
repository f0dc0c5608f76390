package dev.cortado.runtime.onnx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * What the {@link Profiler} measures and how hard it tries: the intra-op thread counts (one
 * instance size each), a cap on the batch sizes, how many samples each point takes, how many loads
 * the cold start is the median of, and the seed of the synthetic inputs.
 *
 * <p>Batch sizes are 1, 2, 4, ... up to the model's largest batch (capped by {@link #batchLimit}),
 * with that largest batch added when it is not a power of two.
 *
 * @param threads intra-op thread counts to profile, each an instance size
 * @param batchLimit the largest batch to measure, whatever the model allows
 * @param sampling warm-up and sample counts per point
 * @param coldStartLoads timed fresh loads per instance size; the cold start is their median
 * @param seed seed of the synthetic inputs
 */
public record ProfilePlan(List<Integer> threads, int batchLimit, Sampling sampling, int coldStartLoads, long seed) {

  public static final long DEFAULT_SEED = 20_240_601L;

  public ProfilePlan {
    threads = List.copyOf(threads);
    Objects.requireNonNull(sampling, "sampling");
    List<String> problems = new ArrayList<>();
    if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
      problems.add("threads = " + threads + ", must be one or more counts >= 1");
    }
    if (batchLimit < 1) {
      problems.add("batch-limit = " + batchLimit + ", must be at least 1");
    }
    if (coldStartLoads < 1) {
      problems.add("cold-start-loads = " + coldStartLoads + ", must be at least 1");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("bad profile plan: " + String.join("; ", problems));
    }
  }

  /**
   * The full plan of {@code cortado profile}: every thread count from 1 to the core count, every
   * batch size, at least 20 samples and 0.3 s per point (at most 500 samples, 10 s), 3 cold starts.
   */
  public static ProfilePlan full(int cores) {
    return new ProfilePlan(
        threadCounts(cores), Integer.MAX_VALUE,
        new Sampling(5, 20, 500, Duration.ofMillis(300), Duration.ofSeconds(10)), 3, DEFAULT_SEED);
  }

  /**
   * The quick plan a server runs at start for a variant without a profile: one instance size, a
   * few samples per point (at least 5 and 50 ms, at most 30 samples, 1 s), one cold start.
   */
  public static ProfilePlan quick(int threads) {
    return new ProfilePlan(
        List.of(threads), Integer.MAX_VALUE,
        new Sampling(2, 5, 30, Duration.ofMillis(50), Duration.ofSeconds(1)), 1, DEFAULT_SEED);
  }

  /** Thread counts 1 .. {@code cores}. */
  public static List<Integer> threadCounts(int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores = " + cores + ", must be at least 1");
    }
    return IntStream.rangeClosed(1, cores).boxed().toList();
  }

  public ProfilePlan withThreads(List<Integer> newThreads) {
    return new ProfilePlan(newThreads, batchLimit, sampling, coldStartLoads, seed);
  }

  public ProfilePlan withBatchLimit(int newBatchLimit) {
    return new ProfilePlan(threads, newBatchLimit, sampling, coldStartLoads, seed);
  }

  public ProfilePlan withSampling(Sampling newSampling) {
    return new ProfilePlan(threads, batchLimit, newSampling, coldStartLoads, seed);
  }

  public ProfilePlan withColdStartLoads(int loads) {
    return new ProfilePlan(threads, batchLimit, sampling, loads, seed);
  }

  /**
   * The batch sizes measured for a model whose config allows {@code maxBatchSize} (0: the model has
   * no batch dimension, so only "batch" 1 is measured).
   */
  public List<Integer> batchSizes(int maxBatchSize) {
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("maxBatchSize = " + maxBatchSize + ", must be >= 0");
    }
    int max = Math.max(1, Math.min(maxBatchSize, batchLimit));
    List<Integer> sizes = new ArrayList<>();
    for (int b = 1; b <= max && b > 0; b *= 2) {
      sizes.add(b);
    }
    if (sizes.getLast() != max) {
      sizes.add(max);
    }
    return List.copyOf(sizes);
  }

  /** Progress steps of one variant: per thread count, one for the cold starts and one per batch size. */
  public int steps(int maxBatchSize) {
    return threads.size() * (1 + batchSizes(maxBatchSize).size());
  }

  /**
   * How one point (instance size, batch size) is sampled: {@code warmupRuns} untimed runs, then
   * timed runs until there are at least {@code minSamples} and {@code target} has passed, never more
   * than {@code maxSamples}, and no longer than {@code limit} once three samples are in.
   */
  public record Sampling(int warmupRuns, int minSamples, int maxSamples, Duration target, Duration limit) {
    public Sampling {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(limit, "limit");
      List<String> problems = new ArrayList<>();
      if (warmupRuns < 0) {
        problems.add("warmup-runs = " + warmupRuns + ", must be >= 0");
      }
      if (minSamples < 1 || maxSamples < minSamples) {
        problems.add("samples = " + minSamples + ".." + maxSamples + ", need 1 <= min <= max");
      }
      if (target.isNegative() || limit.compareTo(target) < 0) {
        problems.add("target = " + target + ", limit = " + limit + ", need 0 <= target <= limit");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("bad sampling: " + String.join("; ", problems));
      }
    }
  }
}
