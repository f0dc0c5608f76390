package dev.cortado.control.planning;

import java.util.Objects;

/** Stage {@code to} consumes what stage {@code from} produces: an edge of the pipeline's DAG. */
public record Dependency(String from, String to) {
  public Dependency {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
