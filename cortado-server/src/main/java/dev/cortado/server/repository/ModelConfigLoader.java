package dev.cortado.server.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.model.Device;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model's {@code config.yaml}: defaults, parse, validate, and every bad key reported with
 * its value in one error.
 */
public final class ModelConfigLoader {
  static final String FILE_NAME = "config.yaml";

  private static final Set<String> TOP_KEYS = Set.of(
      "task", "platform", "max-batch-size", "accuracy", "data-version", "compute", "instances",
      "max-queue-size", "inputs", "outputs", "batching");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /** The config of a model directory; {@link ModelConfig#defaults()} when it has none. */
  public ModelConfig load(Path modelDir) {
    Path file = modelDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return ModelConfig.defaults();
    }
    JsonNode root;
    try {
      root = yaml.readTree(file.toFile());
    } catch (IOException e) {
      throw CortadoException.invalidArgument("%s: not valid YAML: %s", FILE_NAME, e.getMessage());
    }
    return parse(root);
  }

  /**
   * Whether a repository entry is a pipeline ({@code platform: pipeline} in its config): its stages
   * are other models, so it is neither loaded nor profiled as a model. A config that does not parse
   * is not a pipeline (it fails as a model, with its reason).
   */
  public static boolean declaresPipeline(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      return root != null && ModelConfig.PIPELINE_PLATFORM.equals(root.path("platform").asText());
    } catch (IOException e) {
      return false;
    }
  }

  ModelConfig parse(JsonNode root) {
    ConfigErrors errors = new ConfigErrors(FILE_NAME);
    ModelConfig d = ModelConfig.defaults();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return d;
    }
    if (!root.isObject()) {
      throw CortadoException.invalidArgument("%s: the top level must be a mapping of keys, got %s", FILE_NAME, root.getNodeType());
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_KEYS.contains(key)) {
        errors.add("unknown key '%s' (known: %s)", key, TOP_KEYS.stream().sorted().toList());
      }
    }
    Optional<String> task = text(root, "task", errors);
    String platform = text(root, "platform", errors).orElse(d.platform());
    if (!platform.equals(ModelConfig.ONNX_PLATFORM)) {
      errors.add("platform = '%s', must be '%s'", platform, ModelConfig.ONNX_PLATFORM);
    }
    int maxBatch = integer(root, "max-batch-size", 0, Integer.MAX_VALUE, d.maxBatchSize(), errors);
    Optional<ModelConfig.Accuracy> accuracy = accuracy(root.get("accuracy"), errors);
    Optional<String> dataVersion = text(root, "data-version", errors);
    JsonNode instances = root.get("instances");
    int count = d.instanceCount();
    InstanceSize size = d.instanceSize();
    if (instances != null) {
      if (!instances.isObject()) {
        errors.add("instances must be a mapping (count, intra-op-threads, device), got %s", instances);
      } else {
        unknownKeys(instances, "instances", Set.of("count", "intra-op-threads", "device"), errors);
        count = integer(instances, "count", 0, 1024, count, "instances.", errors);
        int threads = integer(instances, "intra-op-threads", 1, 1024, size.threads(), "instances.", errors);
        Device device = device(instances.get("device"), errors);
        size = new InstanceSize(threads, device);
      }
    }
    int maxQueue = integer(root, "max-queue-size", 1, 1 << 24, d.maxQueueSize(), errors);
    List<TensorSpec> inputs = tensors(root.get("inputs"), "inputs", errors);
    List<TensorSpec> outputs = tensors(root.get("outputs"), "outputs", errors);
    if (root.has("compute") && !root.get("compute").isObject()) {
      errors.add("compute must be a mapping, got %s", root.get("compute"));
    }
    ModelConfig.Batching batching = batching(root.get("batching"), errors);
    errors.throwIfAny();
    return new ModelConfig(task, platform, maxBatch, accuracy, dataVersion, count, size, maxQueue, inputs, outputs, batching);
  }

  private static Optional<ModelConfig.Accuracy> accuracy(JsonNode node, ConfigErrors errors) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      errors.add("accuracy must be a mapping with value and dataset, got %s", node);
      return Optional.empty();
    }
    unknownKeys(node, "accuracy", Set.of("value", "dataset"), errors);
    JsonNode value = node.get("value");
    JsonNode dataset = node.get("dataset");
    if (value == null || !value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1) {
      errors.add("accuracy.value = %s, must be a number in [0, 1]", value);
      return Optional.empty();
    }
    if (dataset == null || !dataset.isTextual() || dataset.asText().isBlank()) {
      errors.add("accuracy.dataset = %s, must name the dataset the accuracy was measured on", dataset);
      return Optional.empty();
    }
    return Optional.of(new ModelConfig.Accuracy(value.asDouble(), dataset.asText()));
  }

  private static ModelConfig.Batching batching(JsonNode node, ConfigErrors errors) {
    if (node == null || node.isNull()) {
      return ModelConfig.Batching.DEFAULTS;
    }
    if (!node.isObject()) {
      errors.add("batching must be a mapping (policy, max-batch, max-queue-delay-ms, default-slo-ms), got %s", node);
      return ModelConfig.Batching.DEFAULTS;
    }
    unknownKeys(node, "batching", Set.of("policy", "max-batch", "max-queue-delay-ms", "default-slo-ms"), errors);
    Optional<String> policy = text(node, "policy", errors);
    policy.filter(p -> !List.of("cortado", "mlproxy", "fixed", "none").contains(p))
        .ifPresent(p -> errors.add("batching.policy = '%s', must be one of cortado, mlproxy, fixed, none", p));
    java.util.OptionalInt maxBatch = node.has("max-batch")
        ? java.util.OptionalInt.of(integer(node, "max-batch", 1, 1 << 20, 1, "batching.", errors))
        : java.util.OptionalInt.empty();
    return new ModelConfig.Batching(policy, maxBatch, positive(node, "max-queue-delay-ms", true, errors),
        positive(node, "default-slo-ms", false, errors));
  }

  private static java.util.OptionalDouble positive(JsonNode node, String key, boolean zeroAllowed, ConfigErrors errors) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return java.util.OptionalDouble.empty();
    }
    if (!v.isNumber() || v.asDouble() < 0 || (!zeroAllowed && v.asDouble() == 0) || !Double.isFinite(v.asDouble())) {
      errors.add("batching.%s = %s, must be a number %s", key, v, zeroAllowed ? ">= 0" : "> 0");
      return java.util.OptionalDouble.empty();
    }
    return java.util.OptionalDouble.of(v.asDouble());
  }

  private static Device device(JsonNode node, ConfigErrors errors) {
    if (node == null) {
      return Device.CPU;
    }
    return switch (node.asText()) {
      case "cpu" -> Device.CPU;
      case "cuda" -> Device.CUDA;
      case "cuda-if-available" -> Device.CUDA_IF_AVAILABLE;
      default -> {
        errors.add("instances.device = '%s', must be one of cpu, cuda, cuda-if-available", node.asText());
        yield Device.CPU;
      }
    };
  }

  private static List<TensorSpec> tensors(JsonNode node, String key, ConfigErrors errors) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      errors.add("%s must be a list of {name, datatype, shape}, got %s", key, node);
      return List.of();
    }
    List<TensorSpec> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode t = node.get(i);
      String where = key + "[" + i + "]";
      if (!t.isObject()) {
        errors.add("%s must be a mapping {name, datatype, shape}, got %s", where, t);
        continue;
      }
      unknownKeys(t, where, Set.of("name", "datatype", "shape"), errors);
      String name = t.path("name").asText("");
      Optional<Datatype> datatype = Datatype.parse(t.path("datatype").asText(null));
      if (name.isBlank()) {
        errors.add("%s.name is missing", where);
      }
      if (datatype.isEmpty()) {
        errors.add("%s.datatype = %s, must be one of %s", where, t.get("datatype"), List.of(Datatype.values()));
      }
      JsonNode shapeNode = t.get("shape");
      long[] dims = null;
      if (shapeNode == null || !shapeNode.isArray()) {
        errors.add("%s.shape = %s, must be a list of dimensions (-1 for variable)", where, shapeNode);
      } else {
        dims = new long[shapeNode.size()];
        for (int d = 0; d < dims.length; d++) {
          JsonNode dim = shapeNode.get(d);
          if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.asLong() < -1) {
            errors.add("%s.shape[%d] = %s, must be a whole number >= -1", where, d, dim);
            dims = null;
            break;
          }
          dims[d] = dim.asLong();
        }
      }
      if (!name.isBlank() && datatype.isPresent() && dims != null) {
        out.add(new TensorSpec(name, datatype.get(), Shape.of(dims)));
      }
    }
    return out;
  }

  private static Optional<String> text(JsonNode node, String key, ConfigErrors errors) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      errors.add("%s = %s, must be a non-empty string", key, v);
      return Optional.empty();
    }
    return Optional.of(v.asText());
  }

  private static int integer(JsonNode node, String key, int min, int max, int dflt, ConfigErrors errors) {
    return integer(node, key, min, max, dflt, "", errors);
  }

  private static int integer(JsonNode node, String key, int min, int max, int dflt, String prefix, ConfigErrors errors) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      errors.add("%s%s = %s, must be a whole number in [%d, %d]", prefix, key, v, min, max);
      return dflt;
    }
    return v.asInt();
  }

  private static void unknownKeys(JsonNode node, String where, Set<String> known, ConfigErrors errors) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!known.contains(key)) {
        errors.add("unknown key '%s.%s' (known: %s)", where, key, known.stream().sorted().toList());
      }
    }
  }
}
