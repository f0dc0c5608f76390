package dev.cortado.sim.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortado.control.planning.Dependency;
import dev.cortado.sim.scenario.PolicySpec;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a pipeline scenario (YAML with {@code kind: pipeline}). The fields every scenario has
 * (trace, window, seed, cluster, batching, policies, cost, timeseries_step, drain) are parsed by
 * {@link ScenarioLoader}, so they mean and default exactly as there; {@code pipeline} holds the
 * stages, the edges and the end-to-end SLO. Unknown fields are refused with the known ones listed.
 *
 * <pre>{@code
 * kind: pipeline
 * trace: ../../shared/data/traces/worldcup98-per-minute.csv
 * window: {start: 16380m, length: 10m, scale: 60}
 * pipeline:
 *   slo_ms: 60
 *   stages:
 *     - {name: detect, variants: [fashion-cnn-small]}
 *     - {name: classify, variants: [fashion-cnn-large], max_batch: 128}
 *   edges: [{from: detect, to: classify}]      # default: a chain in the order listed
 *   headroom: 1.0                              # planned autoscalers provision demand × this
 *   scale_down_delay: 30s
 *   latency_quantile: 0.95                     # FA2's stage options: the profile's p95 batch latency
 *   plan_slo_fraction: 0.5                     # FA2 plans its critical path against half the SLO
 * policies: [fa2, fa2-oracle, kpa, even-split]
 * }</pre>
 */
public final class PipelineScenarioLoader {
  /** The value of {@code kind} that marks a pipeline scenario. */
  public static final String KIND = "pipeline";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("kind", "name", "description", "trace", "window", "seed", "cluster", "batching",
      "policies", "cost", "timeseries_step", "drain", "pipeline");
  private static final Set<String> PIPELINE = Set.of("slo_ms", "stages", "edges", "headroom", "scale_down_delay",
      "latency_quantile", "plan_slo_fraction");
  private static final Set<String> STAGE = Set.of("name", "variants", "max_batch");
  private static final Set<String> EDGE = Set.of("from", "to");

  private PipelineScenarioLoader() {}

  /** Whether {@code file} is a YAML mapping whose {@code kind} is {@code pipeline}; false when unreadable. */
  public static boolean isPipeline(Path file) {
    try {
      JsonNode root = YAML.readTree(Files.readString(file));
      return root != null && KIND.equals(root.path("kind").asText(null));
    } catch (IOException e) {
      return false;
    }
  }

  public static PipelineScenario load(Path file) {
    return ScenarioLoader.load(file, PipelineScenarioLoader::parse);
  }

  static PipelineScenario parse(JsonNode root, Path folder) {
    known(root, "", TOP);
    if (!KIND.equals(root.path("kind").asText(null))) {
      throw new ScenarioException("kind = '" + root.path("kind").asText("") + "', must be '" + KIND + "'");
    }
    JsonNode p = root.get("pipeline");
    if (p == null || !p.isObject()) {
      throw new ScenarioException("'pipeline' is missing: a mapping of slo_ms, stages and edges");
    }
    known(p, "pipeline.", PIPELINE);
    PipelineSpec pipeline = new PipelineSpec(stages(p.path("stages")), edges(p), number(p, "slo_ms", Double.NaN),
        number(p, "headroom", 1.0), duration(p, "scale_down_delay", "30s"), number(p, "latency_quantile", 0.95),
        number(p, "plan_slo_fraction", 0.5));
    new PipelineGraph(pipeline); // refuses unknown stages in edges and cycles

    ObjectNode base = (ObjectNode) root.deepCopy();
    base.remove("kind");
    base.remove("pipeline");
    ArrayNode classes = base.putArray("classes");
    classes.addObject().put("name", "pipeline").put("task", "pipeline").put("slo_ms", pipeline.sloMs());
    if (!base.has("policies")) {
      ArrayNode policies = base.putArray("policies");
      PipelinePolicies.NAMES.forEach(policies::add);
    }
    Scenario scenario = ScenarioLoader.parse(base, folder);
    if (!scenario.cluster().requestOverhead().isEmpty()) {
      throw new ScenarioException("cluster.request_overhead is not modelled for pipelines yet; leave it out of " + scenario.name());
    }
    for (PolicySpec policy : scenario.policies()) {
      PipelinePolicies.check(policy.name());
    }
    return new PipelineScenario(scenario, pipeline);
  }

  private static List<StageSpec> stages(JsonNode list) {
    if (!list.isArray() || list.isEmpty()) {
      throw new ScenarioException("pipeline.stages must be a non-empty list of {name, variants, max_batch}");
    }
    List<StageSpec> stages = new ArrayList<>();
    for (JsonNode s : list) {
      known(s, "pipeline.stages[].", STAGE);
      String name = s.path("name").asText("");
      JsonNode vs = s.path("variants");
      List<String> variants = new ArrayList<>();
      if (vs.isTextual()) {
        variants.add(vs.asText());
      } else {
        vs.forEach(v -> variants.add(v.asText()));
      }
      stages.add(new StageSpec(name, variants, (int) number(s, "max_batch", 0)));
    }
    return stages;
  }

  /** The edges given, or a chain through the stages in the order listed. */
  private static List<Dependency> edges(JsonNode pipeline) {
    List<Dependency> edges = new ArrayList<>();
    JsonNode list = pipeline.get("edges");
    if (list == null || list.isNull()) {
      JsonNode stages = pipeline.path("stages");
      for (int i = 1; i < stages.size(); i++) {
        edges.add(new Dependency(stages.get(i - 1).path("name").asText(), stages.get(i).path("name").asText()));
      }
      return edges;
    }
    if (!list.isArray()) {
      throw new ScenarioException("pipeline.edges must be a list of {from, to}");
    }
    for (JsonNode e : list) {
      known(e, "pipeline.edges[].", EDGE);
      if (!e.hasNonNull("from") || !e.hasNonNull("to")) {
        throw new ScenarioException("pipeline.edges[] needs both 'from' and 'to', got " + e);
      }
      edges.add(new Dependency(e.get("from").asText(), e.get("to").asText()));
    }
    return edges;
  }

  private static void known(JsonNode node, String prefix, Set<String> fields) {
    if (!node.isObject()) {
      throw new ScenarioException((prefix.isEmpty() ? "the top level" : prefix) + " must be a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new ScenarioException("unknown field '" + prefix + f + "'; known: " + String.join(", ", new TreeSet<>(fields)));
      }
    }
  }

  private static double number(JsonNode node, String field, double fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (Double.isNaN(fallback)) {
        throw new ScenarioException("'pipeline." + field + "' is missing");
      }
      return fallback;
    }
    if (!v.isNumber()) {
      throw new ScenarioException(field + " = '" + v.asText() + "', must be a number");
    }
    return v.asDouble();
  }

  private static Duration duration(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return ScenarioLoader.parseDuration(v == null || v.isNull() ? fallback : v.asText(), "pipeline." + field);
  }
}
