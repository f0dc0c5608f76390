package dev.cortado.sim.pipeline;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.Profile;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.scenario.ScenarioException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One stage as the run serves it: per candidate model, the pool's setup, named
 * {@code <stage>/<model>} so that two stages running the same model keep separate instances and
 * queues (their profiles renamed to match); and the stage's batch limit.
 *
 * @param stage the stage's name
 * @param models the candidate models, in the scenario's order
 * @param pools one setup per candidate, same order
 * @param maxBatch the stage's largest batch
 */
record StageSetup(String stage, List<String> models, List<VariantSetup> pools, int maxBatch) {
  StageSetup {
    Objects.requireNonNull(stage, "stage");
    models = List.copyOf(models);
    pools = List.copyOf(pools);
    if (models.isEmpty() || models.size() != pools.size() || maxBatch < 1) {
      throw new IllegalArgumentException("stage " + stage + ": one pool per model and a max batch >= 1");
    }
  }

  /** The pool's name for candidate {@code candidate}. */
  String poolName(int candidate) {
    return pools.get(candidate).variant();
  }

  /** The profile candidate {@code candidate}'s instances run at. */
  Profile profile(int candidate) {
    return pools.get(candidate).defaultProfile();
  }

  /**
   * The stages of {@code spec} served by the models of {@code repository} at instances of
   * {@code size}.
   *
   * @throws ScenarioException naming a model the repository lacks, or a max batch above a model's
   */
  static List<StageSetup> of(PipelineSpec spec, List<VariantSetup> repository, InstanceSize size) {
    Map<String, VariantSetup> byName = repository.stream().collect(Collectors.toMap(VariantSetup::variant, Function.identity(),
        (a, b) -> a));
    List<StageSetup> stages = new ArrayList<>();
    for (StageSpec s : spec.stages()) {
      List<VariantSetup> pools = new ArrayList<>();
      int modelMax = Integer.MAX_VALUE;
      for (String model : s.variants()) {
        VariantSetup v = byName.get(model);
        if (v == null) {
          throw new ScenarioException("pipeline.stages[" + s.name() + "] names model '" + model + "', which is not among "
              + byName.keySet());
        }
        modelMax = Math.min(modelMax, v.maxBatch());
        String pool = s.name() + "/" + model;
        pools.add(new VariantSetup(pool, v.task(), v.accuracy(), v.maxBatch(), v.profiles().stream().map(p -> renamed(p, pool))
            .toList(), size));
      }
      if (s.maxBatch() > modelMax) {
        throw new ScenarioException("pipeline.stages[" + s.name() + "].max_batch = " + s.maxBatch()
            + ", above its models' max-batch-size " + modelMax);
      }
      stages.add(new StageSetup(s.name(), s.variants(), pools, s.maxBatch() > 0 ? s.maxBatch() : modelMax));
    }
    return stages;
  }

  private static Profile renamed(Profile p, String name) {
    return new Profile(name, p.version(), p.size(), p.batches(), p.model(), p.coldStartMs(), p.memoryBytes(), p.measuredAt(),
        p.machine());
  }
}
