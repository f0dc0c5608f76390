package dev.cortado.server.grpc;

import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.server.inference.InferenceService;
import dev.cortado.server.metrics.ServerMetrics;
import dev.cortado.server.repository.ModelRepository;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The tiny test models of {@code src/test/resources/models/repo} (written by make-test-models.py),
 * loaded into a real repository behind a real, ready inference core.
 */
record TestModels(ModelRepository repository, InferenceService service) implements AutoCloseable {

  static Path repositoryPath() {
    try {
      return Path.of(TestModels.class.getResource("/models/repo").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestModels load() {
    ModelRepository repository = new ModelRepository(repositoryPath(), OnnxModelRuntime.create());
    repository.loadAll();
    InferenceService service = new InferenceService(repository, new ServerMetrics(), Clock.systemUTC(), "test");
    service.setReady(true);
    return new TestModels(repository, service);
  }

  @Override
  public void close() {
    repository.close();
  }
}
