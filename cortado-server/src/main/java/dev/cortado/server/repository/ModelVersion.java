package dev.cortado.server.repository;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.ModelState;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.stats.ModelStatistics;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of one model as the repository holds it: its configuration, lifecycle state, and
 * (when READY) its signature and its pool of instances (zero or more: a READY model with none is
 * cold and starts one on demand). Immutable; the repository replaces it on each change.
 */
public record ModelVersion(
    String name,
    String version,
    ModelConfig config,
    ModelState state,
    Optional<String> reason,
    Optional<ModelSignature> signature,
    InstancePool pool,
    double loadMillis,
    ModelStatistics statistics) {

  public ModelVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(statistics, "statistics");
    if (state == ModelState.READY && signature.isEmpty()) {
      throw new IllegalArgumentException("a READY model has a signature");
    }
  }

  static ModelVersion loading(String name, String version, ModelConfig config, ModelStatistics stats) {
    return new ModelVersion(name, version, config, ModelState.LOADING, Optional.empty(), Optional.empty(), new InstancePool(name, version), 0, stats);
  }

  static ModelVersion unavailable(String name, String version, ModelConfig config, String reason, ModelStatistics stats) {
    return new ModelVersion(name, version, config, ModelState.UNAVAILABLE, Optional.of(reason), Optional.empty(), new InstancePool(name, version), 0, stats);
  }

  ModelVersion ready(ModelSignature signature, InstancePool pool, double loadMillis) {
    return new ModelVersion(name, version, config, ModelState.READY, Optional.empty(), Optional.of(signature), pool, loadMillis, statistics);
  }

  ModelVersion unloading() {
    return new ModelVersion(name, version, config, ModelState.UNLOADING, Optional.empty(), signature, pool, loadMillis, statistics);
  }

  public boolean isReady() {
    return state == ModelState.READY;
  }

  /** The READY signature. */
  public ModelSignature requireSignature() {
    return signature.orElseThrow(() -> notReady());
  }

  /** @throws CortadoException UNAVAILABLE, with the reason, unless READY */
  public void requireReady() {
    if (!isReady()) {
      throw notReady();
    }
  }

  private CortadoException notReady() {
    return CortadoException.unavailable(
        "model '%s' version %s is %s%s", name, version, state, reason.map(r -> ": " + r).orElse(""));
  }
}
