package dev.cortado.core.model;

import java.nio.file.Path;
import java.util.Objects;

/** One loadable model version: its name, version and model file. */
public record VariantSpec(String name, String version, Path modelFile) {
  public VariantSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(modelFile, "modelFile");
  }

  @Override
  public String toString() {
    return name + ":" + version;
  }
}
