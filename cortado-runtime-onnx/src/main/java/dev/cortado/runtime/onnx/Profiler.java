package dev.cortado.runtime.onnx;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.ModelRuntime;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.core.tensor.Tensor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Measures what a variant costs on this machine, per instance size: latency per batch size (raw
 * samples, percentiles and INFaaS's linear fit over the medians), the cold start, and the memory one
 * instance holds. It uses only the {@link ModelRuntime} and {@link LoadedModel} interfaces, so it
 * profiles any runtime.
 *
 * <p>First a memory pass over every variant asked for: one untimed load per variant reads its
 * signature and pays one-time costs, then one instance per size is loaded, timed from
 * {@link ModelRuntime#load} to the first answer of a batch of 1 (a cold start sample), and run once
 * at the largest batch; the growth of the process's resident memory across that is the size's
 * memory per instance. Every instance of the pass stays open until the pass ends, so that no
 * measurement is flattered by memory another instance freed (the allocator keeps freed memory and
 * hands it out again without the resident set growing). Then per variant and size: the remaining
 * {@link ProfilePlan#coldStartLoads} timed loads (the cold start is the median of all), and on a
 * fresh instance, per batch size, warm-up runs and timed runs as {@link ProfilePlan.Sampling} says.
 * A sample is the wall time of {@link LoadedModel#run}, inputs in to outputs back.
 *
 * <p>The memory pass holds (sizes + 1) instances of every variant at once; profile a repository
 * of big models in parts. Memory freed before the pass (by earlier calls) can still be reused, so
 * profile everything in one call where memory matters. Not thread-safe; run one call at a time, on
 * a quiet machine.
 */
public final class Profiler {
  private static final int MIN_SAMPLES_FOR_SPREAD = 3;

  private final ModelRuntime runtime;
  private final String machine;
  private final ResidentMemory memory;
  private final LongSupplier nanoTime;
  private final Clock clock;

  /**
   * @param machine where the profiles are taken (see the server's machine description)
   * @param memory the process's resident memory
   * @param nanoTime the monotonic clock samples are timed with
   * @param clock the wall clock that stamps {@link Profile#measuredAt()}
   */
  public Profiler(ModelRuntime runtime, String machine, ResidentMemory memory, LongSupplier nanoTime, Clock clock) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.machine = Objects.requireNonNull(machine, "machine");
    this.memory = Objects.requireNonNull(memory, "memory");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A profiler on this process's clocks and resident memory. */
  public static Profiler onThisMachine(ModelRuntime runtime, String machine) {
    return new Profiler(runtime, machine, ResidentMemory.ofThisProcess(), System::nanoTime, Clock.systemUTC());
  }

  /** A variant to profile: its model, its configured max batch size (0: no batch dimension), and the sizes. */
  public record Subject(VariantSpec variant, int maxBatchSize, List<InstanceSize> sizes) {
    public Subject {
      Objects.requireNonNull(variant, "variant");
      sizes = List.copyOf(sizes);
      if (sizes.isEmpty() || maxBatchSize < 0) {
        throw new IllegalArgumentException(variant + ": need at least one size and maxBatchSize >= 0");
      }
    }

    /** The variant at every CPU thread count of the plan. */
    public static Subject atThreadsOf(ProfilePlan plan, VariantSpec variant, int maxBatchSize) {
      return new Subject(variant, maxBatchSize, plan.threads().stream().map(InstanceSize::cpu).toList());
    }
  }

  /**
   * Profiles a variant at every CPU thread count of the plan: one profile per instance size.
   *
   * @param maxBatchSize the model's configured max batch size (0: no batch dimension)
   */
  public List<Profile> profile(VariantSpec variant, int maxBatchSize, ProfilePlan plan, ProfileListener listener) {
    return profile(List.of(Subject.atThreadsOf(plan, variant, maxBatchSize)), plan, listener);
  }

  /** Profiles a variant at one instance size (the plan's thread counts are not used). */
  public Profile profile(VariantSpec variant, int maxBatchSize, InstanceSize size, ProfilePlan plan, ProfileListener listener) {
    return profile(List.of(new Subject(variant, maxBatchSize, List.of(size))), plan, listener).getFirst();
  }

  /**
   * Profiles several variants, each at its sizes, with one memory pass over all of them first: one
   * profile per variant and size, in order; each is also handed to {@link ProfileListener#profiled}
   * as soon as it is done.
   */
  public List<Profile> profile(List<Subject> subjects, ProfilePlan plan, ProfileListener listener) {
    List<Measured> measured = new ArrayList<>(subjects.size());
    List<LoadedModel> held = new ArrayList<>();
    try {
      for (Subject subject : subjects) {
        measured.add(firstLoads(subject, plan, held));
      }
    } finally {
      closeAll(held);
    }
    List<Profile> out = new ArrayList<>();
    for (Measured m : measured) {
      for (int i = 0; i < m.subject().sizes().size(); i++) {
        Profile profile = profileSize(m.subject(), m.subject().sizes().get(i), m.firstLoads().get(i), m.inputs(), plan, listener);
        listener.profiled(profile);
        out.add(profile);
      }
    }
    return out;
  }

  /** The memory pass of one subject: loads that stay open in {@code held}. */
  private Measured firstLoads(Subject subject, ProfilePlan plan, List<LoadedModel> held) {
    VariantSpec variant = subject.variant();
    LoadedModel probe = runtime.load(variant, subject.sizes().getFirst());
    held.add(probe);
    Inputs inputs = new Inputs(probe.signature(), subject.maxBatchSize() > 0, plan.seed());
    List<Tensor> first = inputs.of(1);
    List<Tensor> largest = inputs.of(plan.batchSizes(subject.maxBatchSize()).getLast());
    probe.run(largest, List.of());
    List<FirstLoad> firstLoads = new ArrayList<>(subject.sizes().size());
    for (InstanceSize size : subject.sizes()) {
      OptionalLong before = memory.residentBytes();
      long start = nanoTime.getAsLong();
      LoadedModel model = runtime.load(variant, size);
      held.add(model);
      model.run(first, List.of());
      double coldStartMs = millis(nanoTime.getAsLong() - start);
      model.run(largest, List.of());
      OptionalLong after = memory.residentBytes();
      long grown = before.isPresent() && after.isPresent() ? Math.max(0, after.getAsLong() - before.getAsLong()) : 0;
      firstLoads.add(new FirstLoad(coldStartMs, grown));
    }
    return new Measured(subject, inputs, firstLoads);
  }

  private Profile profileSize(
      Subject subject, InstanceSize size, FirstLoad firstLoad, Inputs inputs, ProfilePlan plan, ProfileListener listener) {
    VariantSpec variant = subject.variant();
    List<Integer> batchSizes = plan.batchSizes(subject.maxBatchSize());
    double[] coldStartMs = new double[plan.coldStartLoads()];
    coldStartMs[0] = firstLoad.coldStartMs();
    List<Tensor> first = inputs.of(1);
    for (int i = 1; i < coldStartMs.length; i++) {
      long start = nanoTime.getAsLong();
      try (LoadedModel model = runtime.load(variant, size)) {
        model.run(first, List.of());
        coldStartMs[i] = millis(nanoTime.getAsLong() - start);
      }
    }
    double coldStart = median(coldStartMs);
    listener.instanceMeasured(variant, size, coldStart, firstLoad.memoryBytes());

    try (LoadedModel model = runtime.load(variant, size)) {
      List<BatchLatency> batches = new ArrayList<>(batchSizes.size());
      for (int b : batchSizes) {
        BatchLatency latency = BatchLatency.of(b, sample(model, inputs.of(b), plan.sampling()));
        batches.add(latency);
        listener.pointMeasured(variant, size, latency);
      }
      return new Profile(
          variant.name(), variant.version(), size, batches, fit(batches), coldStart, firstLoad.memoryBytes(),
          clock.instant(), machine);
    }
  }

  /** INFaaS's {@code latency(b) = intercept + slope * b}, least squares over the medians. */
  static LatencyModel fit(List<BatchLatency> batches) {
    int[] sizes = batches.stream().mapToInt(BatchLatency::batchSize).toArray();
    double[] p50s = batches.stream().mapToDouble(BatchLatency::p50Ms).toArray();
    return LatencyModel.fit(sizes, p50s);
  }

  private List<Double> sample(LoadedModel model, List<Tensor> inputs, ProfilePlan.Sampling sampling) {
    for (int i = 0; i < sampling.warmupRuns(); i++) {
      model.run(inputs, List.of());
    }
    long target = sampling.target().toNanos();
    long limit = sampling.limit().toNanos();
    int floor = Math.min(MIN_SAMPLES_FOR_SPREAD, sampling.minSamples());
    List<Double> samples = new ArrayList<>();
    long begin = nanoTime.getAsLong();
    while (true) {
      long start = nanoTime.getAsLong();
      model.run(inputs, List.of());
      long end = nanoTime.getAsLong();
      samples.add(millis(end - start));
      long spent = end - begin;
      int n = samples.size();
      if (n >= sampling.maxSamples()
          || (n >= sampling.minSamples() && spent >= target)
          || (n >= floor && spent >= limit)) {
        return samples;
      }
    }
  }

  /** Nanoseconds as milliseconds, to the microsecond. */
  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return BatchLatency.quantile(sorted, 0.5);
  }

  /** The first timed load of an instance size, and how much the resident memory grew with it (0: unknown). */
  private record FirstLoad(double coldStartMs, long memoryBytes) {}

  /** What the memory pass learnt of a subject. */
  private record Measured(Subject subject, Inputs inputs, List<FirstLoad> firstLoads) {}

  private static void closeAll(List<LoadedModel> models) {
    for (LoadedModel m : models) {
      m.close();
    }
    models.clear();
  }

  /** Synthetic inputs per batch size, made once and reused. */
  private static final class Inputs {
    private final ModelSignature signature;
    private final boolean batched;
    private final long seed;
    private final Map<Integer, List<Tensor>> bySize = new HashMap<>();

    Inputs(ModelSignature signature, boolean batched, long seed) {
      this.signature = signature;
      this.batched = batched;
      this.seed = seed;
    }

    List<Tensor> of(int batchSize) {
      return bySize.computeIfAbsent(batchSize, b -> SyntheticInputs.of(signature, batched, b, seed));
    }
  }
}
