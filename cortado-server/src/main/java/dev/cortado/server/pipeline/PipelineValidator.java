package dev.cortado.server.pipeline;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.repository.ModelVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a pipeline config against itself and the models it names, and orders its stages. First
 * the graph: names unique, every reference known, no cycle, every input and stage used. Then the
 * tensors, stage by stage in order: every model input fed, datatypes equal, shapes compatible,
 * every step's inputs what it takes. Every problem is reported, in one INVALID_ARGUMENT error.
 */
final class PipelineValidator {
  private final StageModels models;

  PipelineValidator(StageModels models) {
    this.models = models;
  }

  /** @throws CortadoException INVALID_ARGUMENT naming every problem found */
  Pipeline validate(String name, PipelineSpec spec) {
    List<String> errors = new ArrayList<>();
    List<StageSpec> order = graph(spec, errors);
    throwIfAny(errors);
    Map<String, TensorSpec> made = new HashMap<>();
    spec.inputs().forEach(in -> made.put(in.name(), in));
    Set<String> failed = new HashSet<>();
    int maxBatch = Integer.MAX_VALUE;
    String narrowest = "";
    for (StageSpec stage : order) {
      Optional<StageTyping> typing = type(stage, made, failed, errors);
      if (typing.isEmpty()) {
        failed.add(stage.name());
        continue;
      }
      typing.get().outputs().forEach(o -> made.put(stage.name() + "." + o.name(), o));
      if (typing.get().maxBatch() < maxBatch) {
        maxBatch = typing.get().maxBatch();
        narrowest = stage.name();
      }
    }
    List<TensorSpec> outputs = new ArrayList<>();
    for (PipelineSpec.Output out : spec.outputs()) {
      if (out.from().stage().filter(failed::contains).isPresent()) {
        continue;
      }
      Optional<TensorSpec> source = find(out.from(), made, "output '" + out.name() + "'", errors);
      source.ifPresent(s -> outputs.add(new TensorSpec(out.name(), s.datatype(), s.shape())));
    }
    if (maxBatch == Integer.MAX_VALUE) {
      maxBatch = 0;
    }
    if (spec.maxBatchSize().isPresent()) {
      if (spec.maxBatchSize().getAsInt() > maxBatch) {
        errors.add(format("max-batch-size = %d, more than stage '%s' takes (%d)", spec.maxBatchSize().getAsInt(), narrowest, maxBatch));
      }
      maxBatch = spec.maxBatchSize().getAsInt();
    }
    throwIfAny(errors);
    return new Pipeline(name, spec, new ModelSignature(spec.inputs(), outputs), order, maxBatch);
  }

  /** The stages in dependency order, after checking names, references, cycles and use. */
  private static List<StageSpec> graph(PipelineSpec spec, List<String> errors) {
    Map<String, StageSpec> stages = new LinkedHashMap<>();
    for (StageSpec s : spec.stages()) {
      if (stages.putIfAbsent(s.name(), s) != null) {
        errors.add(format("stage '%s' is declared more than once", s.name()));
      }
    }
    Set<String> inputs = new HashSet<>();
    spec.inputs().forEach(in -> {
      if (!inputs.add(in.name())) {
        errors.add(format("input '%s' is declared more than once", in.name()));
      }
    });
    Set<String> outputNames = new HashSet<>();
    Set<String> used = new HashSet<>();
    for (StageSpec s : stages.values()) {
      s.inputs().forEach((input, ref) -> checkRef(ref, "stage '" + s.name() + "' input '" + input + "'", stages, inputs, used, errors));
    }
    for (PipelineSpec.Output out : spec.outputs()) {
      if (!outputNames.add(out.name())) {
        errors.add(format("output '%s' is declared more than once", out.name()));
      }
      checkRef(out.from(), "output '" + out.name() + "'", stages, inputs, used, errors);
    }
    // A cycle is looked for once every reference is known: it needs each stage's upstream.
    List<StageSpec> order = errors.isEmpty() ? topologicalOrder(stages, errors) : List.of();
    inputs.stream().filter(i -> !used.contains(i)).sorted()
        .forEach(i -> errors.add(format("input '%s' is used by no stage and no output", i)));
    stages.keySet().stream().filter(s -> !used.contains(s))
        .forEach(s -> errors.add(format("stage '%s' feeds no stage and no output", s)));
    return order;
  }

  private static void checkRef(TensorRef ref, String where, Map<String, StageSpec> stages, Set<String> inputs, Set<String> used,
      List<String> errors) {
    if (ref.stage().isPresent()) {
      String stage = ref.stage().get();
      if (!stages.containsKey(stage)) {
        errors.add(format("%s = '%s': no stage '%s' (stages: %s)", where, ref, stage, List.copyOf(stages.keySet())));
      }
      used.add(stage);
    } else if (!inputs.contains(ref.tensor())) {
      errors.add(format("%s = '%s': no pipeline input '%s' (inputs: %s; a stage's output is <stage>.<output>)",
          where, ref, ref.tensor(), inputs.stream().sorted().toList()));
    } else {
      used.add(ref.tensor());
    }
  }

  /** Kahn's algorithm in config order; what is left over holds a cycle, reported as one. */
  private static List<StageSpec> topologicalOrder(Map<String, StageSpec> stages, List<String> errors) {
    Map<String, Integer> waiting = new HashMap<>();
    stages.values().forEach(s -> waiting.put(s.name(), s.upstream().size()));
    List<StageSpec> order = new ArrayList<>();
    Deque<StageSpec> ready = new ArrayDeque<>();
    stages.values().stream().filter(s -> waiting.get(s.name()) == 0).forEach(ready::add);
    while (!ready.isEmpty()) {
      StageSpec s = ready.poll();
      order.add(s);
      for (StageSpec next : stages.values()) {
        if (next.upstream().contains(s.name()) && waiting.merge(next.name(), -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (order.size() < stages.size()) {
      errors.add(format("stages form a cycle: %s", cycle(stages, order)));
    }
    return order;
  }

  /** One cycle among the stages left unordered, as {@code a -> b -> a}. */
  private static String cycle(Map<String, StageSpec> stages, List<StageSpec> ordered) {
    Set<String> done = new HashSet<>();
    ordered.forEach(s -> done.add(s.name()));
    String start = stages.keySet().stream().filter(n -> !done.contains(n)).findFirst().orElseThrow();
    List<String> path = new ArrayList<>();
    String at = start;
    while (!path.contains(at)) {
      path.add(at);
      at = stages.get(at).upstream().stream().filter(n -> !done.contains(n)).findFirst().orElseThrow();
    }
    List<String> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
    java.util.Collections.reverse(loop);
    loop.add(loop.getFirst());
    return String.join(" -> ", loop);
  }

  /** A stage's outputs and the batch it takes, or empty after reporting why it has none. */
  private Optional<StageTyping> type(StageSpec stage, Map<String, TensorSpec> made, Set<String> failed, List<String> errors) {
    String at = "stage '" + stage.name() + "'";
    if (stage.upstream().stream().anyMatch(failed::contains)) {
      return Optional.empty();
    }
    Map<String, TensorSpec> inputs = new LinkedHashMap<>();
    boolean complete = true;
    for (Map.Entry<String, TensorRef> e : stage.inputs().entrySet()) {
      Optional<TensorSpec> spec = find(e.getValue(), made, at + " input '" + e.getKey() + "'", errors);
      spec.ifPresent(s -> inputs.put(e.getKey(), new TensorSpec(e.getKey(), s.datatype(), s.shape())));
      complete &= spec.isPresent();
    }
    if (!complete) {
      return Optional.empty();
    }
    return switch (stage.kind()) {
      case StageSpec.Kind.Step s -> {
        try {
          yield Optional.of(new StageTyping(s.step().outputs(List.copyOf(inputs.values())), Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
          errors.add(at + ": " + e.getMessage());
          yield Optional.empty();
        }
      }
      case StageSpec.Kind.Model m -> {
        Optional<ModelVersion> model = models.model(m.model(), m.version());
        if (model.isEmpty()) {
          errors.add(format("%s: model '%s'%s is not in the repository (models: %s)", at, m.model(),
              m.version().map(v -> " version " + v).orElse(""), models.modelNames()));
          yield Optional.empty();
        }
        if (!model.get().isReady()) {
          errors.add(format("%s: model '%s' is %s%s", at, m.model(), model.get().state(), model.get().reason().map(r -> ": " + r).orElse("")));
          yield Optional.empty();
        }
        yield typed(at, "model '" + m.model() + "'", model.get().requireSignature(), inputs, model.get().config().maxBatchSize(), errors);
      }
      case StageSpec.Kind.Task t -> {
        List<ModelVersion> variants = models.variants(t.task());
        if (variants.isEmpty()) {
          errors.add(format("%s: no model serves task '%s'", at, t.task()));
          yield Optional.empty();
        }
        int maxBatch = variants.stream().mapToInt(v -> v.config().maxBatchSize()).min().orElse(0);
        yield typed(at, "task '" + t.task() + "'", variants.getFirst().requireSignature(), inputs, maxBatch, errors);
      }
    };
  }

  /** Checks a model's (or task's) inputs against what the stage feeds it. */
  private static Optional<StageTyping> typed(String at, String what, ModelSignature signature, Map<String, TensorSpec> fed,
      int maxBatch, List<String> errors) {
    int before = errors.size();
    for (TensorSpec expected : signature.inputs()) {
      TensorSpec given = fed.get(expected.name());
      if (given == null) {
        errors.add(format("%s: %s needs input '%s' (%s), which the stage does not feed", at, what, expected.name(), expected));
      } else if (given.datatype() != expected.datatype()) {
        errors.add(format("%s input '%s': datatype %s, %s expects %s", at, given.name(), given.datatype(), what, expected.datatype()));
      } else if (!TensorShapes.compatible(given.shape(), expected.shape())) {
        errors.add(format("%s input '%s': shape %s, %s expects %s (-1 = any size)", at, given.name(), given.shape(), what,
            expected.shape()));
      }
    }
    for (String name : fed.keySet()) {
      if (signature.input(name).isEmpty()) {
        errors.add(format("%s: %s has no input '%s'; its inputs: %s", at, what, name, signature.inputs()));
      }
    }
    return errors.size() > before ? Optional.empty() : Optional.of(new StageTyping(signature.outputs(), maxBatch));
  }

  private static Optional<TensorSpec> find(TensorRef ref, Map<String, TensorSpec> made, String where, List<String> errors) {
    TensorSpec spec = made.get(ref.key());
    if (spec == null) {
      String stage = ref.stage().orElseThrow();
      List<String> outputs = made.keySet().stream().filter(k -> k.startsWith(stage + ".")).map(k -> k.substring(stage.length() + 1))
          .sorted().toList();
      errors.add(format("%s = '%s': stage '%s' has no output '%s' (outputs: %s)", where, ref, stage, ref.tensor(), outputs));
    }
    return Optional.ofNullable(spec);
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static void throwIfAny(List<String> errors) {
    if (!errors.isEmpty()) {
      throw CortadoException.invalidArgument("%s: %s", PipelineConfigLoader.FILE_NAME, String.join("; ", errors));
    }
  }

  /** What a stage makes and the largest batch it takes ({@link Integer#MAX_VALUE}: any). */
  private record StageTyping(List<TensorSpec> outputs, int maxBatch) {}
}
