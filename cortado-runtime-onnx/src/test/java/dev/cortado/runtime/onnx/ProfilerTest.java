package dev.cortado.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfilerTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final ProfilePlan.Sampling FEW = new ProfilePlan.Sampling(1, 3, 5, Duration.ZERO, Duration.ofSeconds(5));

  static OnnxModelRuntime runtime;
  static VariantSpec smallest;

  @BeforeAll
  static void start() {
    runtime = OnnxModelRuntime.create();
    Path model = ProjectFiles.bundledModels().resolve("fashion-mlp-small/1/model.onnx");
    assertThat(model).exists();
    smallest = new VariantSpec("fashion-mlp-small", "1", model);
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void profiles_the_smallest_bundled_model_with_a_tiny_plan() {
    List<String> heard = new ArrayList<>();
    ProfileListener listener = new ProfileListener() {
      @Override
      public void instanceMeasured(VariantSpec variant, InstanceSize size, double coldStartMs, long memoryBytes) {
        heard.add("instance " + size.threads());
      }

      @Override
      public void pointMeasured(VariantSpec variant, InstanceSize size, BatchLatency latency) {
        heard.add("batch " + latency.batchSize());
      }

      @Override
      public void profiled(Profile profile) {
        heard.add("profiled " + profile.size().threads());
      }
    };
    ProfilePlan plan = ProfilePlan.quick(1).withBatchLimit(4).withSampling(FEW).withColdStartLoads(2);
    Profiler profiler = new Profiler(
        runtime, "test machine", ResidentMemory.ofThisProcess(), System::nanoTime, Clock.fixed(NOW, ZoneOffset.UTC));

    List<Profile> profiles = profiler.profile(smallest, 256, plan, listener);

    assertThat(profiles).hasSize(1);
    Profile p = profiles.getFirst();
    assertThat(p.variant()).isEqualTo("fashion-mlp-small");
    assertThat(p.version()).isEqualTo("1");
    assertThat(p.size()).isEqualTo(InstanceSize.cpu(1));
    assertThat(p.machine()).isEqualTo("test machine");
    assertThat(p.measuredAt()).isEqualTo(NOW);
    assertThat(p.batches()).extracting(BatchLatency::batchSize).containsExactly(1, 2, 4);
    for (BatchLatency b : p.batches()) {
      assertThat(b.samplesMs()).hasSizeBetween(3, 5).allSatisfy(s -> assertThat(s).isPositive());
      assertThat(b.p50Ms()).isPositive().isLessThanOrEqualTo(b.p95Ms());
      assertThat(b.p95Ms()).isLessThanOrEqualTo(b.p99Ms());
    }
    assertThat(p.coldStartMs()).isPositive();
    assertThat(p.memoryBytes()).isNotNegative();
    assertThat(p.model().rmseMs()).isNotNegative();
    assertThat(p.model().predictMs(4)).isPositive();
    assertThat(heard).containsExactly("instance 1", "batch 1", "batch 2", "batch 4", "profiled 1");
    assertThat(heard.stream().filter(h -> !h.startsWith("profiled"))).hasSize(plan.steps(256));
  }

  @Test
  void profiles_several_variants_and_sizes_in_one_call_in_order() {
    Profiler profiler = Profiler.onThisMachine(runtime, "m");
    ProfilePlan plan = ProfilePlan.quick(1).withBatchLimit(2).withSampling(FEW).withColdStartLoads(1);
    VariantSpec again = new VariantSpec("fashion-mlp-small-copy", "3", smallest.modelFile());

    List<Profile> profiles = profiler.profile(
        List.of(
            new Profiler.Subject(smallest, 256, List.of(InstanceSize.cpu(1), InstanceSize.cpu(2))),
            new Profiler.Subject(again, 0, List.of(InstanceSize.cpu(1)))),
        plan, ProfileListener.NONE);

    assertThat(profiles).extracting(p -> p.variant() + ":" + p.version() + "@" + p.size().threads())
        .containsExactly("fashion-mlp-small:1@1", "fashion-mlp-small:1@2", "fashion-mlp-small-copy:3@1");
    assertThat(profiles.getLast().batches()).extracting(BatchLatency::batchSize).containsExactly(1);
  }

  @Test
  void memory_is_zero_where_the_platform_does_not_say() {
    Profiler profiler = new Profiler(runtime, "m", OptionalLong::empty, System::nanoTime, Clock.systemUTC());
    ProfilePlan plan = ProfilePlan.quick(1).withBatchLimit(1).withSampling(FEW);

    Profile p = profiler.profile(smallest, 256, InstanceSize.cpu(1), plan, ProfileListener.NONE);

    assertThat(p.memoryBytes()).isZero();
    assertThat(p.batches()).extracting(BatchLatency::batchSize).containsExactly(1);
  }

  @Test
  void batch_sizes_are_powers_of_two_up_to_the_max_and_the_max() {
    ProfilePlan plan = ProfilePlan.full(2);
    assertThat(plan.batchSizes(256)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256);
    assertThat(plan.batchSizes(100)).containsExactly(1, 2, 4, 8, 16, 32, 64, 100);
    assertThat(plan.batchSizes(0)).containsExactly(1);
    assertThat(plan.withBatchLimit(4).batchSizes(256)).containsExactly(1, 2, 4);
    assertThat(plan.threads()).containsExactly(1, 2);
    assertThat(plan.steps(4)).isEqualTo(2 * (1 + 3));
  }

  @Test
  void a_bad_plan_names_every_bad_value() {
    assertThatThrownBy(() -> new ProfilePlan(List.of(0), 0, FEW, 0, 1))
        .hasMessageContaining("threads = [0]")
        .hasMessageContaining("batch-limit = 0")
        .hasMessageContaining("cold-start-loads = 0");
    assertThatThrownBy(() -> new ProfilePlan.Sampling(-1, 5, 2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("warmup-runs = -1")
        .hasMessageContaining("samples = 5..2")
        .hasMessageContaining("target = PT2S");
  }

  @Test
  void synthetic_inputs_are_deterministic_and_fill_variable_dimensions() {
    ModelSignature signature = new ModelSignature(
        List.of(
            new TensorSpec("image", Datatype.FP32, Shape.of(-1, 1, 28, 28)),
            new TensorSpec("ids", Datatype.INT64, Shape.of(-1, -1)),
            new TensorSpec("text", Datatype.BYTES, Shape.of(-1))),
        List.of());

    List<Tensor> a = SyntheticInputs.of(signature, true, 4, 7);
    List<Tensor> b = SyntheticInputs.of(signature, true, 4, 7);

    assertThat(a).extracting(Tensor::shape)
        .containsExactly(Shape.of(4, 1, 28, 28), Shape.of(4, 1), Shape.of(4));
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).data()).isEqualTo(b.get(i).data());
    }
    assertThat(SyntheticInputs.of(signature, true, 4, 8).getFirst().data()).isNotEqualTo(a.getFirst().data());
    var floats = a.getFirst().data().asFloatBuffer();
    while (floats.hasRemaining()) {
      assertThat(floats.get()).isBetween(-1f, 1f);
    }
    assertThat(SyntheticInputs.shape(Shape.of(-1, 3), false, 8)).isEqualTo(Shape.of(1, 3));
  }

  @Test
  void reads_resident_memory_from_a_proc_status_file() throws Exception {
    Path status = Files.createTempFile("status", "");
    try {
      Files.writeString(status, "Name:\tjava\nVmPeak:\t  9 kB\nVmRSS:\t  2080 kB\nThreads:\t1\n");
      assertThat(ResidentMemory.procStatus(status).residentBytes()).hasValue(2080L * 1024);
      Files.writeString(status, "Name:\tjava\n");
      assertThat(ResidentMemory.procStatus(status).residentBytes()).isEmpty();
      assertThat(ResidentMemory.procStatus(status.resolveSibling("missing-" + status.getFileName())).residentBytes()).isEmpty();
    } finally {
      Files.deleteIfExists(status);
    }
  }
}
