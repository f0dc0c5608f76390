package dev.cortado.server.profile;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.server.repository.ModelConfig;
import dev.cortado.server.repository.ModelConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One model version to profile, as its folder and {@code config.yaml} describe it: the model file,
 * the largest batch it takes (0: no batch dimension) and the instance size it is served at.
 */
public record ProfileTarget(VariantSpec variant, int maxBatchSize, InstanceSize configuredSize) {
  /** The model file in each version folder, as the repository names it. */
  static final String MODEL_FILE = "model.onnx";

  public ProfileTarget {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(configuredSize, "configuredSize");
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("maxBatchSize = " + maxBatchSize + ", must be >= 0");
    }
  }

  /** What a repository folder holds: the versions to profile, and why any model was left out. */
  public record Scan(List<ProfileTarget> targets, List<String> skipped) {
    public Scan {
      targets = List.copyOf(targets);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Every version folder with a model file in the repository, sorted by model and version, read
   * from disk without loading any model. A model whose config does not parse is skipped with its
   * reason.
   */
  public static Scan scan(Path repository) {
    ModelConfigLoader loader = new ModelConfigLoader();
    List<ProfileTarget> targets = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path dir : list(repository)) {
      String name = dir.getFileName().toString();
      if (ModelConfigLoader.declaresPipeline(dir)) {
        continue; // a pipeline's stages are profiled as the models they are
      }
      ModelConfig config;
      try {
        config = loader.load(dir);
      } catch (CortadoException e) {
        skipped.add(name + ": " + e.getMessage());
        continue;
      }
      List<Path> versions = list(dir).stream()
          .filter(v -> v.getFileName().toString().matches("[0-9]{1,18}"))
          .filter(v -> Files.isRegularFile(v.resolve(MODEL_FILE)))
          .sorted(Comparator.comparingLong(v -> Long.parseLong(v.getFileName().toString())))
          .toList();
      if (versions.isEmpty()) {
        skipped.add(name + ": no version folder with a " + MODEL_FILE + " (expected " + name + "/1/" + MODEL_FILE + ")");
      }
      for (Path v : versions) {
        VariantSpec spec = new VariantSpec(name, v.getFileName().toString(), v.resolve(MODEL_FILE));
        targets.add(new ProfileTarget(spec, config.maxBatchSize(), config.instanceSize()));
      }
    }
    return new Scan(targets, skipped);
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
