package dev.cortado.server.pipeline;

import dev.cortado.core.error.CortadoException;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.repository.ModelVersion;
import java.util.List;
import java.util.Optional;

/** The stage models of a running server: the repository's models and the cluster's serving variants of each task. */
final class RepositoryStageModels implements StageModels {
  private final ModelRepository repository;
  private final LocalCluster cluster;

  RepositoryStageModels(ModelRepository repository, LocalCluster cluster) {
    this.repository = repository;
    this.cluster = cluster;
  }

  @Override
  public Optional<ModelVersion> model(String name, Optional<String> version) {
    if (repository.versions(name).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(repository.find(name, version));
    } catch (CortadoException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<ModelVersion> variants(String task) {
    return cluster.servingVersions().stream().filter(mv -> mv.config().task().filter(task::equals).isPresent()).toList();
  }

  @Override
  public List<String> modelNames() {
    return repository.loadedNames();
  }
}
