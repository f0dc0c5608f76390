package dev.cortado.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's own files (bundled models, datasets) from wherever a test runs. */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The repository root: the nearest ancestor of the working directory holding {@code models/} and {@code mvnw}. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("models")) && Files.exists(p.resolve("mvnw"))) {
        return p;
      }
    }
    throw new IllegalStateException("no project root (a folder with models/ and mvnw) above " + dir);
  }

  /** The bundled model repository. */
  public static Path bundledModels() {
    return root().resolve("models");
  }

  /** The Fashion-MNIST test set shipped with the project. */
  public static Path fashionMnist() {
    return root().resolve("datasets").resolve("fashion-mnist");
  }
}
