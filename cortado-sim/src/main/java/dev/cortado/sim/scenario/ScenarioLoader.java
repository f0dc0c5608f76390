package dev.cortado.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cortado.control.cost.CostModel;
import dev.cortado.sim.engine.RequestOverheads;
import dev.cortado.sim.trace.TraceWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario file (YAML). Every field but {@code trace}, {@code window} and {@code classes}
 * has a default; unknown fields are refused, so a typo does not silently run the default. Durations
 * are written {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h} or {@code 3d}.
 */
public final class ScenarioLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
  private static final Set<String> TOP = Set.of("name", "description", "trace", "window", "seed", "variants", "classes",
      "cluster", "selector", "batching", "policies", "cost", "timeseries_step", "drain");

  private ScenarioLoader() {}

  public static Scenario load(Path file) {
    return load(file, ScenarioLoader::parse);
  }

  /**
   * Reads {@code file} as a YAML mapping and parses it with {@code parse} (relative paths against
   * the file's folder); every error names the file.
   */
  public static <T> T load(Path file, BiFunction<JsonNode, Path, T> parse) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ScenarioException("cannot read scenario " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException("scenario " + file + " must be a YAML mapping");
    }
    try {
      return parse.apply(root, file.toAbsolutePath().getParent());
    } catch (ScenarioException e) {
      throw new ScenarioException("scenario " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code cluster.request_overhead}: a file written by {@code cortado bench --overhead-out}, relative to the scenario. */
  private static RequestOverheads requestOverhead(JsonNode cluster, Path folder) {
    JsonNode f = cluster.path("request_overhead");
    if (f.isMissingNode() || f.isNull()) {
      return RequestOverheads.NONE;
    }
    Path file = folder.resolve(f.asText()).normalize();
    if (!Files.isRegularFile(file)) {
      throw new ScenarioException("cluster.request_overhead: no such file " + file
          + " (write one with `cortado bench --overhead-out FILE`)");
    }
    try {
      return RequestOverheads.read(file);
    } catch (RuntimeException e) {
      throw new ScenarioException("cluster.request_overhead: " + e.getMessage(), e);
    }
  }

  /** Parses a scenario already read as a tree; relative paths resolve against {@code folder}. */
  public static Scenario parse(JsonNode root, Path folder) {
    known(root, "", TOP);
    String name = text(root, "name", "scenario");
    Path trace = folder.resolve(required(root, "trace").asText()).normalize();
    JsonNode w = required(root, "window");
    known(w, "window.", Set.of("start", "length", "scale"));
    TraceWindow window;
    try {
      window = new TraceWindow(duration(w, "window.start", "0s"), duration(w, "window.length", null),
          number(w, "scale", 1.0));
    } catch (RuntimeException e) {
      throw new ScenarioException(e.getMessage(), e);
    }
    List<String> variants = new ArrayList<>();
    for (JsonNode v : root.path("variants")) {
      variants.add(v.asText());
    }
    List<RequestClass> classes = new ArrayList<>();
    JsonNode cs = required(root, "classes");
    if (!cs.isArray()) {
      throw new ScenarioException("classes must be a list of {name, task, slo_ms, min_accuracy, share}");
    }
    for (JsonNode c : cs) {
      known(c, "classes[].", Set.of("name", "task", "slo_ms", "min_accuracy", "share"));
      String cname = text(c, "name", "class" + classes.size());
      classes.add(new RequestClass(cname, requiredText(c, "task", "classes[" + cname + "].task"), number(c, "slo_ms", 100),
          number(c, "min_accuracy", 0), number(c, "share", 1)));
    }
    JsonNode cl = root.path("cluster");
    known(cl, "cluster.", Set.of("cores", "core_budget", "instance_threads", "max_instances_per_variant", "queue_capacity",
        "start_overhead", "request_overhead"));
    int cores = (int) number(cl, "cores", 64);
    ClusterSpec cluster = new ClusterSpec(cores, (int) number(cl, "core_budget", cores), (int) number(cl, "instance_threads", 1),
        (int) number(cl, "max_instances_per_variant", 1000), (int) number(cl, "queue_capacity", 100_000),
        duration(cl, "cluster.start_overhead", "0s"), requestOverhead(cl, folder));
    String batching = text(root, "batching", "cortado");
    List<PolicySpec> policies = new ArrayList<>();
    for (JsonNode p : root.path("policies")) {
      if (p.isTextual()) {
        policies.add(new PolicySpec(p.asText(), p.asText(), batching));
      } else {
        known(p, "policies[].", Set.of("name", "label", "batching", "utilisation"));
        String pname = requiredText(p, "name", "policies[].name");
        String pb = text(p, "batching", batching);
        OptionalDouble utilisation = p.has("utilisation")
            ? OptionalDouble.of(number(p, "utilisation", 1)) : OptionalDouble.empty();
        String label = text(p, "label", (pb.equals(batching) ? pname : pname + "+" + pb)
            + (utilisation.isPresent() ? "@" + utilisation.getAsDouble() : ""));
        policies.add(new PolicySpec(label, pname, pb, utilisation));
      }
    }
    if (policies.isEmpty()) {
      policies = List.of(new PolicySpec("static", "static", batching));
    }
    JsonNode cost = root.path("cost");
    known(cost, "cost.", Set.of("per_core_second", "per_gib_second"));
    CostModel prices;
    try {
      prices = new CostModel(number(cost, "per_core_second", CostModel.CLOUD_RUN_USD_PER_VCPU_SECOND),
          number(cost, "per_gib_second", CostModel.CLOUD_RUN_USD_PER_GIB_SECOND));
    } catch (IllegalArgumentException e) {
      throw new ScenarioException("cost: " + e.getMessage(), e);
    }
    return new Scenario(name, text(root, "description", ""), trace, window, (long) number(root, "seed", 1), variants, classes,
        cluster, text(root, "selector", "cortado"), batching, policies, prices, duration(root, "timeseries_step", "1m"),
        duration(root, "drain", "30s"));
  }

  /** Parses {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}, {@code 3d} (decimals allowed). */
  public static Duration parseDuration(String text, String field) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ScenarioException(field + " = '" + text + "', must be a duration such as 500ms, 90s, 10m, 2h or 3d");
    }
    double v = Double.parseDouble(m.group(1));
    double nanos = v * switch (m.group(2)) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      default -> 86400e9;
    };
    return Duration.ofNanos(Math.round(nanos));
  }

  private static void known(JsonNode node, String prefix, Set<String> fields) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new ScenarioException(prefix.isEmpty() ? "the top level" : prefix + " must be a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new ScenarioException("unknown field '" + prefix + f + "'; known: " + String.join(", ", fields.stream().sorted().toList()));
      }
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new ScenarioException("'" + field + "' is missing");
    }
    return v;
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new ScenarioException("'" + where + "' is missing");
    }
    return v.asText();
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  private static double number(JsonNode node, String field, double fallback) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw new ScenarioException(field + " = '" + v.asText() + "', must be a number");
    }
    return v.asDouble();
  }

  private static Duration duration(JsonNode node, String field, String fallback) {
    String leaf = field.substring(field.lastIndexOf('.') + 1);
    JsonNode v = node.get(leaf);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        throw new ScenarioException("'" + field + "' is missing");
      }
      return parseDuration(fallback, field);
    }
    return parseDuration(v.asText(), field);
  }
}
