package dev.cortado.cli;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.server.repository.ModelConfig;
import dev.cortado.server.repository.ModelConfigLoader;
import dev.cortado.sim.cluster.VariantSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The variants of a model repository as the simulator and the planner know them: each model with a
 * task, its accuracy and max batch from {@code config.yaml}, and the profiles of its newest profiled
 * version, one per measured size. Pipelines are left out: they run on their stages' variants.
 */
final class RepositoryVariants {
  private RepositoryVariants() {}

  /**
   * @param only the variants to keep (empty: every variant with a task)
   * @throws IllegalArgumentException naming what is missing: the repository, a variant, its profile
   */
  static List<VariantSetup> load(Path repository, Path profiles, List<String> only, InstanceSize defaultSize) throws IOException {
    if (!Files.isDirectory(repository)) {
      throw new IllegalArgumentException("--repository " + repository + " is not a directory");
    }
    Path root = repository.toAbsolutePath().normalize();
    Path profileDir = profiles != null ? profiles : root.resolveSibling("profiles");
    List<Profile> all = new ProfileStore(profileDir).loadAll();
    ModelConfigLoader loader = new ModelConfigLoader();
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      // a pipeline is served over its stages' variants, not a variant itself
      dirs = s.filter(d -> Files.isRegularFile(d.resolve("config.yaml")) && !ModelConfigLoader.declaresPipeline(d))
          .sorted().toList();
    }
    List<VariantSetup> setups = new ArrayList<>();
    for (Path d : dirs) {
      String name = d.getFileName().toString();
      if (!only.isEmpty() && !only.contains(name)) {
        continue;
      }
      ModelConfig config = loader.load(d);
      if (config.task().isEmpty()) {
        continue;
      }
      List<Profile> mine = latestVersion(all.stream().filter(p -> p.variant().equals(name)).toList());
      if (mine.isEmpty()) {
        throw new IllegalArgumentException("variant " + name + " has no profile in " + profileDir
            + "; measure it with: cortado profile --repository " + repository);
      }
      setups.add(new VariantSetup(name, config.task().get(), config.accuracyValue().orElse(0), Math.max(1, config.maxBatchSize()),
          mine, defaultSize));
    }
    for (String wanted : only) {
      if (setups.stream().noneMatch(s -> s.variant().equals(wanted))) {
        throw new IllegalArgumentException("variant " + wanted + " is not a model with a task in " + root);
      }
    }
    if (setups.isEmpty()) {
      throw new IllegalArgumentException("no variant with a task in " + root);
    }
    return setups;
  }

  private static List<Profile> latestVersion(List<Profile> profiles) {
    return profiles.stream().map(Profile::version).max(Comparator.comparingLong(RepositoryVariants::versionNumber))
        .map(v -> profiles.stream().filter(p -> p.version().equals(v)).toList())
        .orElse(List.of());
  }

  private static long versionNumber(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
