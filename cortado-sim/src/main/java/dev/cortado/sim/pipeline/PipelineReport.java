package dev.cortado.sim.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.control.planning.Dependency;
import dev.cortado.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a pipeline run's {@code summary.json} and {@code report.md}. */
final class PipelineReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PipelineReport() {}

  static void write(Path out, PipelineScenario scenario, List<PipelineResult> results) throws IOException {
    JSON.writeValue(out.resolve("summary.json").toFile(), summary(scenario, results));
    Files.writeString(out.resolve("report.md"), markdown(scenario, results));
  }

  static ObjectNode summary(PipelineScenario scenario, List<PipelineResult> results) {
    Scenario base = scenario.base();
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", base.name());
    root.put("kind", PipelineScenarioLoader.KIND);
    root.put("description", base.description());
    root.put("trace", base.trace().getFileName().toString());
    root.put("window_start_s", base.window().start().toSeconds());
    root.put("window_length_s", base.window().length().toSeconds());
    root.put("scale", base.window().scale());
    root.put("seed", base.seed());
    ObjectNode p = root.putObject("pipeline");
    p.put("slo_ms", scenario.pipeline().sloMs());
    p.put("headroom", scenario.pipeline().headroom());
    p.put("scale_down_delay_s", scenario.pipeline().scaleDownDelay().toNanos() / 1e9);
    p.put("latency_quantile", scenario.pipeline().latencyQuantile());
    p.put("plan_slo_fraction", scenario.pipeline().planSloFraction());
    ArrayNode stages = p.putArray("stages");
    for (StageSpec s : scenario.pipeline().stages()) {
      ObjectNode st = stages.addObject().put("name", s.name()).put("max_batch", s.maxBatch());
      s.variants().forEach(st.putArray("variants")::add);
    }
    ArrayNode edges = p.putArray("edges");
    for (Dependency d : scenario.pipeline().edges()) {
      edges.addObject().put("from", d.from()).put("to", d.to());
    }
    ArrayNode policies = root.putArray("policies");
    for (PipelineResult r : results) {
      ObjectNode o = policies.addObject();
      o.put("policy", r.policy());
      o.put("requests", r.requests());
      o.put("completed", r.completed());
      o.put("within_slo", r.withinSlo());
      o.put("failed", r.failed());
      o.put("unfinished", r.unfinished());
      o.put("slo_violations", r.violations());
      o.put("slo_violation_percent", r.violationPercent());
      o.put("p50_ms", r.p50Ms());
      o.put("p99_ms", r.p99Ms());
      o.put("mean_ms", r.meanMs());
      o.put("max_ms", r.maxMs());
      o.put("core_seconds", r.coreSeconds());
      o.put("mean_cores", r.meanCores());
      o.put("cost_usd", r.costUsd());
      o.put("cold_starts", r.coldStarts());
      o.put("scaling_refusals", r.scalingRefusals());
      o.put("simulated_seconds", r.simulatedSeconds());
      o.put("wall_seconds", r.wallSeconds());
      ArrayNode ss = o.putArray("stages");
      for (PipelineResult.StageResult s : r.stages()) {
        ss.addObject().put("stage", s.stage()).put("core_seconds", s.coreSeconds()).put("mean_instances", s.meanInstances())
            .put("cold_starts", s.coldStarts()).put("model", s.model()).put("batch_cap", s.batchCap());
      }
    }
    return root;
  }

  static String markdown(PipelineScenario scenario, List<PipelineResult> results) {
    Scenario base = scenario.base();
    StringBuilder md = new StringBuilder();
    md.append("# Pipeline scenario ").append(base.name()).append("\n\n");
    if (!base.description().isBlank()) {
      md.append(base.description().strip()).append("\n\n");
    }
    md.append(f("Trace `%s`, window from %s for %s at scale %s, seed %d. Pipeline: %s; edges %s; end-to-end SLO %.0f ms.%n%n",
        base.trace().getFileName(), base.window().start(), base.window().length(), base.window().scale(), base.seed(),
        String.join(", ", scenario.pipeline().stages().stream().map(s -> s.name() + " " + s.variants()).toList()),
        String.join(", ", scenario.pipeline().edges().stream().map(d -> d.from() + " → " + d.to()).toList()),
        scenario.pipeline().sloMs()));
    md.append("| policy | requests | violations | violations % | failed | p50 ms | p99 ms | core-s | mean cores | cost USD | "
        + "cold starts | wall s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PipelineResult r : results) {
      md.append(f("| %s | %d | %d | %.3f %% | %d | %.2f | %.2f | %.0f | %.2f | %.4f | %d | %.1f |%n", r.policy(), r.requests(),
          r.violations(), r.violationPercent(), r.failed(), r.p50Ms(), r.p99Ms(), r.coreSeconds(), r.meanCores(), r.costUsd(),
          r.coldStarts(), r.wallSeconds()));
    }
    md.append("\nPer stage (mean instances; model and batch cap at the end):\n\n| policy | ")
        .append(String.join(" | ", scenario.pipeline().stages().stream().map(StageSpec::name).toList())).append(" |\n|---|")
        .append("---:|".repeat(scenario.pipeline().stages().size())).append("\n");
    for (PipelineResult r : results) {
      md.append("| ").append(r.policy()).append(" | ").append(String.join(" | ", r.stages().stream()
          .map(s -> f("%.2f (%s, b%d)", s.meanInstances(), s.model(), s.batchCap())).toList())).append(" |\n");
    }
    md.append("\nPlots: `arrivals.svg` (arrival rate and the rate planned for), `instances.svg`, `p99.svg` (end-to-end p99 "
        + "against the SLO), `cost.svg`. Numbers per step: `timeseries.csv`.\n");
    return md.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
