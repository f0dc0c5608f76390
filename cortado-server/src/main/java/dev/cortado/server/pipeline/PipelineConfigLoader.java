package dev.cortado.server.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.repository.ConfigErrors;
import dev.cortado.server.repository.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a pipeline's {@code config.yaml} ({@code platform: pipeline}): defaults, parse, and every
 * bad key reported with its value in one error. What the keys mean is in {@code docs/pipelines.md}.
 */
final class PipelineConfigLoader {
  static final String FILE_NAME = "config.yaml";
  private static final Set<String> TOP_KEYS =
      Set.of("platform", "description", "slo-ms", "max-batch-size", "accuracy", "inputs", "stages", "outputs");
  private static final Set<String> STAGE_KEYS = Set.of("name", "model", "version", "task", "min-accuracy", "step", "parameters", "inputs");
  private static final List<String> STEPS = List.of("softmax", "mean", "top_k", "argmax");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  PipelineSpec load(Path dir) {
    JsonNode root;
    try {
      root = yaml.readTree(dir.resolve(FILE_NAME).toFile());
    } catch (IOException e) {
      throw CortadoException.invalidArgument("%s: not valid YAML: %s", FILE_NAME, e.getMessage());
    }
    return parse(root);
  }

  PipelineSpec parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw CortadoException.invalidArgument("%s: the top level must be a mapping of keys", FILE_NAME);
    }
    ConfigErrors errors = new ConfigErrors(FILE_NAME);
    unknownKeys(root, "", TOP_KEYS, errors);
    if (!ModelConfig.PIPELINE_PLATFORM.equals(root.path("platform").asText())) {
      errors.add("platform = %s, must be '%s' for a pipeline", root.get("platform"), ModelConfig.PIPELINE_PLATFORM);
    }
    Optional<String> description = Optional.ofNullable(root.get("description")).map(JsonNode::asText);
    double sloMs = PipelineSpec.DEFAULT_SLO_MS;
    if (root.has("slo-ms")) {
      JsonNode v = root.get("slo-ms");
      if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
        errors.add("slo-ms = %s, must be a positive number of milliseconds", v);
      } else {
        sloMs = v.asDouble();
      }
    }
    OptionalInt maxBatch = OptionalInt.empty();
    if (root.has("max-batch-size")) {
      JsonNode v = root.get("max-batch-size");
      if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
        errors.add("max-batch-size = %s, must be a whole number >= 0", v);
      } else {
        maxBatch = OptionalInt.of(v.asInt());
      }
    }
    Optional<ModelConfig.Accuracy> accuracy = accuracy(root.get("accuracy"), errors);
    List<TensorSpec> inputs = tensors(root.get("inputs"), errors);
    List<StageSpec> stages = new ArrayList<>();
    List<JsonNode> stageNodes = list(root, "stages", errors);
    for (int i = 0; i < stageNodes.size(); i++) {
      stage(stageNodes.get(i), "stages[" + i + "]", errors).ifPresent(stages::add);
    }
    List<PipelineSpec.Output> outputs = new ArrayList<>();
    List<JsonNode> outputNodes = list(root, "outputs", errors);
    for (int i = 0; i < outputNodes.size(); i++) {
      JsonNode o = outputNodes.get(i);
      String where = "outputs[" + i + "]";
      unknownKeys(o, where + ".", Set.of("name", "from"), errors);
      String name = o.path("name").asText("");
      Optional<TensorRef> from = ref(o.get("from"), where + ".from", errors);
      if (name.isBlank()) {
        errors.add("%s.name is missing", where);
      } else if (from.isPresent()) {
        outputs.add(new PipelineSpec.Output(name, from.get()));
      }
    }
    errors.throwIfAny();
    return new PipelineSpec(description, sloMs, maxBatch, accuracy, inputs, stages, outputs);
  }

  private static Optional<StageSpec> stage(JsonNode s, String where, ConfigErrors errors) {
    if (!s.isObject()) {
      errors.add("%s must be a mapping {name, model | task | step, inputs}, got %s", where, s);
      return Optional.empty();
    }
    unknownKeys(s, where + ".", STAGE_KEYS, errors);
    String name = s.path("name").asText("");
    if (name.isBlank() || name.contains(".")) {
      errors.add("%s.name = %s, must be a non-empty name without dots", where, s.get("name"));
      return Optional.empty();
    }
    String at = "stage '" + name + "'";
    List<String> kinds = List.of("model", "task", "step").stream().filter(s::has).toList();
    if (kinds.size() != 1) {
      errors.add("%s must name exactly one of model, task or step, got %s", at, kinds.isEmpty() ? "none" : kinds);
      return Optional.empty();
    }
    StageSpec.Kind kind = switch (kinds.getFirst()) {
      case "model" -> new StageSpec.Kind.Model(s.get("model").asText(), Optional.ofNullable(s.get("version")).map(JsonNode::asText));
      case "task" -> new StageSpec.Kind.Task(s.get("task").asText(), minAccuracy(s.get("min-accuracy"), at, errors));
      default -> step(s.get("step").asText(), s.get("parameters"), at, errors);
    };
    if (kind == null) {
      return Optional.empty();
    }
    JsonNode inputsNode = s.get("inputs");
    if (inputsNode == null || !inputsNode.isObject() || inputsNode.isEmpty()) {
      errors.add("%s.inputs = %s, must map each input to a pipeline input or <stage>.<output>", at, inputsNode);
      return Optional.empty();
    }
    Map<String, TensorRef> inputs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = inputsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ref(e.getValue(), at + " input '" + e.getKey() + "'", errors).ifPresent(r -> inputs.put(e.getKey(), r));
    }
    return Optional.of(new StageSpec(name, kind, inputs));
  }

  private static StageSpec.Kind step(String step, JsonNode parameters, String at, ConfigErrors errors) {
    if (!STEPS.contains(step)) {
      errors.add("%s: step = '%s', must be one of %s", at, step, STEPS);
      return null;
    }
    JsonNode p = parameters == null ? yamlEmpty() : parameters;
    Set<String> known = switch (step) {
      case "top_k" -> Set.of("k", "classes");
      case "argmax" -> Set.of("classes");
      default -> Set.of();
    };
    unknownKeys(p, at + " parameters.", known, errors);
    List<String> classes = new ArrayList<>();
    if (p.has("classes")) {
      if (!p.get("classes").isArray() || p.get("classes").isEmpty()) {
        errors.add("%s: parameters.classes = %s, must be a list of labels", at, p.get("classes"));
      } else {
        p.get("classes").forEach(c -> classes.add(c.asText()));
      }
    }
    int k = 1;
    if (step.equals("top_k")) {
      JsonNode kNode = p.get("k");
      if (kNode == null || !kNode.isIntegralNumber() || kNode.asLong() < 1 || kNode.asLong() > 1 << 20) {
        errors.add("%s: parameters.k = %s, must be a whole number >= 1", at, kNode);
        return null;
      }
      k = kNode.asInt();
    }
    ProcessingStep made = switch (step) {
      case "softmax" -> new Softmax();
      case "mean" -> new Mean();
      case "top_k" -> new TopK(k, classes, false);
      default -> TopK.argmax(classes);
    };
    return new StageSpec.Kind.Step(made);
  }

  private static JsonNode yamlEmpty() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
  }

  private static OptionalDouble minAccuracy(JsonNode v, String at, ConfigErrors errors) {
    if (v == null) {
      return OptionalDouble.empty();
    }
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
      errors.add("%s: min-accuracy = %s, must be a number in [0, 1]", at, v);
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(v.asDouble());
  }

  private static Optional<TensorRef> ref(JsonNode v, String where, ConfigErrors errors) {
    if (v == null || !v.isTextual()) {
      errors.add("%s = %s, must be a pipeline input or <stage>.<output>", where, v);
      return Optional.empty();
    }
    try {
      return Optional.of(TensorRef.parse(v.asText()));
    } catch (IllegalArgumentException e) {
      errors.add("%s: %s", where, e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<ModelConfig.Accuracy> accuracy(JsonNode node, ConfigErrors errors) {
    if (node == null) {
      return Optional.empty();
    }
    JsonNode value = node.path("value");
    JsonNode dataset = node.path("dataset");
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1 || !dataset.isTextual()) {
      errors.add("accuracy = %s, must be {value: a number in [0, 1], dataset: where it was measured}", node);
      return Optional.empty();
    }
    return Optional.of(new ModelConfig.Accuracy(value.asDouble(), dataset.asText()));
  }

  private static List<JsonNode> list(JsonNode root, String key, ConfigErrors errors) {
    JsonNode v = root.get(key);
    if (v == null || !v.isArray() || v.isEmpty()) {
      errors.add("%s = %s, must be a non-empty list", key, v);
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  private static List<TensorSpec> tensors(JsonNode node, ConfigErrors errors) {
    List<TensorSpec> out = new ArrayList<>();
    List<JsonNode> items = node == null || !node.isArray() || node.isEmpty() ? List.of() : list(node);
    if (items.isEmpty()) {
      errors.add("inputs = %s, must be a non-empty list of {name, datatype, shape}", node);
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode t = items.get(i);
      String where = "inputs[" + i + "]";
      unknownKeys(t, where + ".", Set.of("name", "datatype", "shape"), errors);
      String name = t.path("name").asText("");
      Optional<Datatype> datatype = Datatype.parse(t.path("datatype").asText(null));
      JsonNode shape = t.get("shape");
      boolean shapeOk = shape != null && shape.isArray();
      long[] dims = shapeOk ? new long[shape.size()] : new long[0];
      for (int d = 0; shapeOk && d < dims.length; d++) {
        shapeOk = shape.get(d).isIntegralNumber() && shape.get(d).asLong() >= -1;
        dims[d] = shape.get(d).asLong();
      }
      if (name.isBlank() || name.contains(".")) {
        errors.add("%s.name = %s, must be a non-empty name without dots", where, t.get("name"));
      } else if (datatype.isEmpty()) {
        errors.add("%s.datatype = %s, must be one of %s", where, t.get("datatype"), List.of(Datatype.values()));
      } else if (!shapeOk) {
        errors.add("%s.shape = %s, must be a list of dimensions (-1 for variable)", where, shape);
      } else {
        out.add(new TensorSpec(name, datatype.get(), Shape.of(dims)));
      }
    }
    return out;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static void unknownKeys(JsonNode node, String prefix, Set<String> known, ConfigErrors errors) {
    if (!node.isObject()) {
      errors.add("%s must be a mapping, got %s", prefix.isEmpty() ? "the top level" : prefix.substring(0, prefix.length() - 1), node);
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        errors.add("unknown key '%s%s' (known: %s)", prefix, key, known.stream().sorted().toList());
      }
    }
  }
}
