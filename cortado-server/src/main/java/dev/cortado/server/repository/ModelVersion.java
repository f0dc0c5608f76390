package dev.cortado.server.repository;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.model.ModelState;
import dev.cortado.server.execution.ModelInstance;
import dev.cortado.server.stats.ModelStatistics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of one model as the repository holds it: its configuration, lifecycle state, and
 * (when READY) its signature and instances. Immutable; the repository replaces it on each change.
 */
public record ModelVersion(
    String name,
    String version,
    ModelConfig config,
    ModelState state,
    Optional<String> reason,
    Optional<ModelSignature> signature,
    List<ModelInstance> instances,
    ModelStatistics statistics) {

  public ModelVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(signature, "signature");
    instances = List.copyOf(instances);
    Objects.requireNonNull(statistics, "statistics");
    if (state == ModelState.READY && signature.isEmpty()) {
      throw new IllegalArgumentException("a READY model has a signature");
    }
  }

  static ModelVersion loading(String name, String version, ModelConfig config, ModelStatistics stats) {
    return new ModelVersion(name, version, config, ModelState.LOADING, Optional.empty(), Optional.empty(), List.of(), stats);
  }

  static ModelVersion unavailable(String name, String version, ModelConfig config, String reason, ModelStatistics stats) {
    return new ModelVersion(name, version, config, ModelState.UNAVAILABLE, Optional.of(reason), Optional.empty(), List.of(), stats);
  }

  ModelVersion ready(ModelSignature signature, List<ModelInstance> instances) {
    return new ModelVersion(name, version, config, ModelState.READY, Optional.empty(), Optional.of(signature), instances, statistics);
  }

  ModelVersion unloading() {
    return new ModelVersion(name, version, config, ModelState.UNLOADING, Optional.empty(), signature, instances, statistics);
  }

  public boolean isReady() {
    return state == ModelState.READY;
  }

  /** The READY signature. */
  public ModelSignature requireSignature() {
    return signature.orElseThrow(() -> notReady());
  }

  /** The instance with the least outstanding work. */
  public ModelInstance leastLoadedInstance() {
    if (!isReady() || instances.isEmpty()) {
      throw notReady();
    }
    ModelInstance best = instances.getFirst();
    for (int i = 1; i < instances.size(); i++) {
      if (instances.get(i).outstanding() < best.outstanding()) {
        best = instances.get(i);
      }
    }
    return best;
  }

  private CortadoException notReady() {
    return CortadoException.unavailable(
        "model '%s' version %s is %s%s", name, version, state, reason.map(r -> ": " + r).orElse(""));
  }
}
