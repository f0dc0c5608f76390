package dev.cortado.server.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a stage input or pipeline output comes from: a pipeline input ({@code image}) or a stage's
 * output ({@code cnn.logits}: stage {@code cnn}, tensor {@code logits}). Stage and input names
 * hold no dot, so the first dot splits the two; a model's tensor name may hold more.
 *
 * @param stage the stage that makes the tensor; empty for a pipeline input
 * @param tensor the tensor's name (in the stage's outputs, or among the pipeline's inputs)
 */
record TensorRef(Optional<String> stage, String tensor) {
  TensorRef {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(tensor, "tensor");
  }

  /**
   * @throws IllegalArgumentException for an empty stage or tensor part
   */
  static TensorRef parse(String text) {
    int dot = text.indexOf('.');
    if (dot < 0) {
      if (text.isBlank()) {
        throw new IllegalArgumentException("'' names no tensor");
      }
      return new TensorRef(Optional.empty(), text);
    }
    String stage = text.substring(0, dot);
    String tensor = text.substring(dot + 1);
    if (stage.isBlank() || tensor.isBlank()) {
      throw new IllegalArgumentException("'" + text + "' must be a pipeline input or <stage>.<output>");
    }
    return new TensorRef(Optional.of(stage), tensor);
  }

  /** The key of the tensor among those a run has made: the text it was parsed from. */
  String key() {
    return stage.map(s -> s + "." + tensor).orElse(tensor);
  }

  @Override
  public String toString() {
    return key();
  }
}
