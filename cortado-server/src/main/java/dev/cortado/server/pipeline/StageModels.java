package dev.cortado.server.pipeline;

import dev.cortado.server.repository.ModelVersion;
import java.util.List;
import java.util.Optional;

/** What a pipeline's stages name, as the server holds it now: models by name, tasks by their serving variants. */
interface StageModels {
  /** The version of a model a stage names (the serving one when it names none); empty when the model is not loaded. */
  Optional<ModelVersion> model(String name, Optional<String> version);

  /** The serving (READY) variants of a task; empty when none serves it. */
  List<ModelVersion> variants(String task);

  /** The models loaded, for messages. */
  List<String> modelNames();
}
