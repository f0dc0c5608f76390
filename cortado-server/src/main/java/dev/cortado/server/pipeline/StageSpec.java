package dev.cortado.server.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One stage of a pipeline as its config declares it: what runs (a repository model, a task routed
 * by the model-less selector, or a built-in step) and where each of its inputs comes from.
 *
 * @param name the stage's name, unique in the pipeline, without dots
 * @param kind what runs
 * @param inputs each input's name (as the model or step calls it) and its source, in config order
 */
record StageSpec(String name, Kind kind, Map<String, TensorRef> inputs) {
  StageSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
  }

  /** The stages this one reads from, without repeats, in input order. */
  List<String> upstream() {
    return inputs.values().stream().flatMap(r -> r.stage().stream()).distinct().toList();
  }

  /** What a stage runs. */
  sealed interface Kind {
    /** A repository model, by name (and version: the serving one when none). */
    record Model(String model, Optional<String> version) implements Kind {
      public Model {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
      }
    }

    /** A task: the selector picks the variant per request, for the time left and the accuracy floor. */
    record Task(String task, OptionalDouble minAccuracy) implements Kind {
      public Task {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(minAccuracy, "minAccuracy");
      }
    }

    /** A built-in processing step, run in the server's own threads. */
    record Step(ProcessingStep step) implements Kind {
      public Step {
        Objects.requireNonNull(step, "step");
      }
    }
  }
}
