package dev.cortado.sim.pipeline;

import dev.cortado.sim.scenario.ScenarioException;
import java.util.List;
import java.util.Objects;

/**
 * One stage of a pipeline scenario.
 *
 * @param name unique within the pipeline
 * @param variants the models that may run it, at least one; a planner that chooses variants picks
 *     among them, the others run the first
 * @param maxBatch the stage's largest batch; 0: the smallest {@code max-batch-size} of its variants
 */
public record StageSpec(String name, List<String> variants, int maxBatch) {
  public StageSpec {
    Objects.requireNonNull(name, "name");
    variants = List.copyOf(variants);
    if (name.isBlank()) {
      throw new ScenarioException("pipeline.stages[].name is missing");
    }
    if (variants.isEmpty()) {
      throw new ScenarioException("pipeline.stages[" + name + "].variants is empty: name at least one model");
    }
    if (variants.stream().distinct().count() < variants.size()) {
      throw new ScenarioException("pipeline.stages[" + name + "].variants = " + variants + " names a model twice");
    }
    if (maxBatch < 0) {
      throw new ScenarioException("pipeline.stages[" + name + "].max_batch = " + maxBatch + ", must be at least 1");
    }
  }
}
