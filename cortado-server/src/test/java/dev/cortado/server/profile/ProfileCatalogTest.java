package dev.cortado.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.runtime.onnx.ProfilePlan;
import dev.cortado.runtime.onnx.Profiler;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCatalogTest {
  static final MachineDescription HERE = new MachineDescription(2, "Test CPU", "onnxruntime test");
  static final ProfilePlan TINY = ProfilePlan.quick(1)
      .withBatchLimit(2)
      .withSampling(new ProfilePlan.Sampling(0, 2, 3, Duration.ZERO, Duration.ofSeconds(5)));

  @TempDir Path dir;

  @Test
  void profiles_what_is_missing_or_foreign_and_reuses_what_was_measured_here() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("models"));
    Path model = Files.createDirectories(repo.resolve("fashion-mlp-small/1"));
    Path bundled = ProjectFiles.bundledModels().resolve("fashion-mlp-small");
    Files.copy(bundled.resolve("config.yaml"), repo.resolve("fashion-mlp-small/config.yaml"));
    Files.copy(bundled.resolve("1/model.onnx"), model.resolve("model.onnx"));
    ProfileStore store = new ProfileStore(dir.resolve("profiles"));
    AtomicInteger profiled = new AtomicInteger();
    try (OnnxModelRuntime runtime = OnnxModelRuntime.create();
        ModelRepository repository = new ModelRepository(repo, runtime)) {
      repository.loadAll();
      ProfileCatalog catalog = new ProfileCatalog(store, HERE, TINY, r -> {
        profiled.incrementAndGet();
        return new Profiler(r, HERE.text(), () -> java.util.OptionalLong.of(0), System::nanoTime,
            Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
      });

      Map<String, Profile> first = catalog.ensureProfiles(repository, runtime);

      assertThat(first).containsOnlyKeys("fashion-mlp-small");
      Profile p = first.get("fashion-mlp-small");
      assertThat(p.size()).isEqualTo(InstanceSize.cpu(1));
      assertThat(p.machine()).isEqualTo(HERE.text());
      assertThat(p.batches()).extracting(BatchLatency::batchSize).containsExactly(1, 2);
      assertThat(store.load("fashion-mlp-small", "1", InstanceSize.cpu(1))).contains(p);
      assertThat(profiled).hasValue(1);

      assertThat(catalog.ensureProfiles(repository, runtime)).isEqualTo(first);
      assertThat(profiled).hasValue(1);

      MachineDescription elsewhere = new MachineDescription(8, "Other CPU", "onnxruntime test");
      ProfileCatalog moved = new ProfileCatalog(store, elsewhere, TINY,
          r -> {
            profiled.incrementAndGet();
            return Profiler.onThisMachine(r, elsewhere.text());
          });
      Profile remeasured = moved.ensureProfiles(repository, runtime).get("fashion-mlp-small");
      assertThat(profiled).hasValue(2);
      assertThat(remeasured.machine()).isEqualTo(elsewhere.text());
      assertThat(store.load("fashion-mlp-small", "1", InstanceSize.cpu(1))).contains(remeasured);
    }
  }

  @Test
  void a_corrupt_profile_is_measured_again() throws Exception {
    ProfileStore store = new ProfileStore(dir.resolve("profiles"));
    Path file = store.pathOf("fashion-mlp-small", "1", InstanceSize.cpu(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[]");
    Path modelFile = ProjectFiles.bundledModels().resolve("fashion-mlp-small/1/model.onnx");
    try (OnnxModelRuntime runtime = OnnxModelRuntime.create()) {
      ProfileCatalog catalog = new ProfileCatalog(store, HERE, TINY, r -> Profiler.onThisMachine(r, HERE.text()));
      ProfileTarget target = new ProfileTarget(
          new dev.cortado.core.model.VariantSpec("fashion-mlp-small", "1", modelFile), 256, InstanceSize.cpu(1));

      assertThat(catalog.ensure(java.util.List.of(target), runtime)).hasSize(1);
      assertThat(store.load("fashion-mlp-small", "1", InstanceSize.cpu(1))).isPresent();
    }
  }

  @Test
  void scans_the_bundled_repository_without_loading() {
    ProfileTarget.Scan scan = ProfileTarget.scan(ProjectFiles.bundledModels());

    assertThat(scan.skipped()).isEmpty();
    assertThat(scan.targets()).extracting(t -> t.variant().name())
        .contains("fashion-cnn-large", "fashion-cnn-small", "fashion-mlp-large", "fashion-mlp-small");
    assertThat(scan.targets()).allSatisfy(t -> assertThat(t.maxBatchSize()).isEqualTo(256));
  }
}
