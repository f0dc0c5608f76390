package dev.cortado.server.inference;

import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.server.repository.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Models the server answers by composing others (pipelines, as Triton serves ensembles). Each shows
 * as a {@link ModelVersion} with no instances of its own: the service finds it before the
 * repository's models, validates requests against its signature as for any model, records its
 * statistics and metrics, and hands it the validated request; its owner runs its parts back
 * through the service.
 */
public interface ComposedModels {

  /**
   * The composed model of that name, if there is one.
   *
   * @throws dev.cortado.core.error.CortadoException NOT_FOUND when it has no such version
   */
  Optional<ModelVersion> find(String name, Optional<String> version);

  /** Every composed model, as the repository index shows a model. */
  List<ModelVersion> index();

  /** Whether everything it is made of can serve now. */
  boolean partsReady(ModelVersion composed);

  /** What its metadata says beyond a model's (its stages, its SLO). */
  Map<String, String> properties(ModelVersion composed);

  /** Runs a request already validated against the composed model's signature. */
  CompletableFuture<InferenceResponse> infer(ModelVersion composed, InferenceRequest request, long batch);

  /** A server that composes nothing. */
  static ComposedModels none() {
    return None.INSTANCE;
  }

  /** The composed models of a server that has none. */
  enum None implements ComposedModels {
    INSTANCE;

    @Override
    public Optional<ModelVersion> find(String name, Optional<String> version) {
      return Optional.empty();
    }

    @Override
    public List<ModelVersion> index() {
      return List.of();
    }

    @Override
    public boolean partsReady(ModelVersion composed) {
      return false;
    }

    @Override
    public Map<String, String> properties(ModelVersion composed) {
      return Map.of();
    }

    @Override
    public CompletableFuture<InferenceResponse> infer(ModelVersion composed, InferenceRequest request, long batch) {
      throw new IllegalStateException("no composed model " + composed.name());
    }
  }
}
