package dev.cortado.server.control;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.execution.CoreBudget;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.routing.ProfileBook;
import dev.cortado.testing.ManualClock;
import dev.cortado.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a control-loop test runs over: bundled models copied into a temporary repository and
 * loaded into a real {@link LocalCluster} on a 4-core budget, each with a made-up one-thread
 * profile (one request alone takes the given milliseconds, no batching), on the test's manual
 * clock. Closing it frees the batchers, the cluster, the repository and the runtime.
 */
final class LiveCluster implements AutoCloseable {
  static final String MACHINE = "test machine";

  final ProfileBook book = new ProfileBook();
  final OnnxModelRuntime runtime;
  final ModelRepository repository;
  final LocalCluster cluster;
  final Batchers batchers;
  final ServingSetup setup;

  /** @param latencyMs per bundled model to serve, what one request alone takes by its profile */
  LiveCluster(ManualClock clock, Path repo, Path profiles, Map<String, Double> latencyMs) throws IOException {
    for (Map.Entry<String, Double> m : latencyMs.entrySet()) {
      String model = m.getKey();
      Path from = ProjectFiles.bundledModels().resolve(model);
      Files.createDirectories(repo.resolve(model).resolve("1"));
      Files.copy(from.resolve("config.yaml"), repo.resolve(model).resolve("config.yaml"));
      Files.copy(from.resolve("1/model.onnx"), repo.resolve(model).resolve("1/model.onnx"));
      double ms = m.getValue();
      book.put(new Profile(model, "1", InstanceSize.cpu(1), List.of(BatchLatency.of(1, List.of(ms))), new LatencyModel(ms, 0, 0),
          50, 0, Instant.EPOCH, MACHINE));
    }
    runtime = OnnxModelRuntime.create();
    repository = new ModelRepository(repo, runtime, new CoreBudget(4), clock);
    repository.loadAll();
    cluster = new LocalCluster(repository, clock);
    batchers = new Batchers("none", book, clock);
    setup = new ServingSetup(new KnownProfiles(book, new ProfileStore(profiles), MACHINE), batchers, CostModel.cloudRunDefaults());
  }

  @Override
  public void close() {
    batchers.close();
    cluster.close();
    repository.close();
    runtime.close();
  }
}
