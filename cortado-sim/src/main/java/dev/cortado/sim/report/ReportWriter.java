package dev.cortado.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.sim.run.PolicyResult;
import dev.cortado.sim.run.TimeseriesRow;
import dev.cortado.sim.scenario.RequestClass;
import dev.cortado.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes {@code summary.json}, the plots and {@code report.md} of a finished scenario run. */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static void write(Path out, Scenario scenario, List<PolicyResult> results, List<TimeseriesRow> rows) throws IOException {
    Files.createDirectories(out);
    JSON.writeValue(out.resolve("summary.json").toFile(), summary(scenario, results));
    Plots.write(out, rows);
    Files.writeString(out.resolve("report.md"), markdown(scenario, results));
  }

  static ObjectNode summary(Scenario scenario, List<PolicyResult> results) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", scenario.name());
    root.put("description", scenario.description());
    root.put("trace", scenario.trace().getFileName().toString());
    root.put("window_start_s", scenario.window().start().toSeconds());
    root.put("window_length_s", scenario.window().length().toSeconds());
    root.put("scale", scenario.window().scale());
    root.put("seed", scenario.seed());
    ArrayNode classes = root.putArray("classes");
    for (RequestClass c : scenario.classes()) {
      classes.addObject().put("name", c.name()).put("task", c.task()).put("slo_ms", c.sloMs())
          .put("min_accuracy", c.minAccuracy()).put("share", c.share());
    }
    ArrayNode policies = root.putArray("policies");
    for (PolicyResult r : results) {
      ObjectNode p = policies.addObject();
      p.put("policy", r.policy());
      p.put("requests", r.requests());
      p.put("answered", r.answered());
      p.put("rejected", r.rejected());
      p.put("unfinished", r.unfinished());
      p.put("slo_attainment", r.sloAttainment());
      p.put("slo_violations", r.violations());
      p.put("p50_ms", r.p50Ms());
      p.put("p99_ms", r.p99Ms());
      p.put("mean_accuracy", r.meanAccuracy());
      p.put("cost_usd", r.costUsd());
      p.put("core_seconds", r.coreSeconds());
      p.put("instance_seconds", r.instanceSeconds());
      p.put("mean_instances", r.meanInstances());
      p.put("cold_starts", r.coldStarts());
      p.put("scaling_refusals", r.scalingRefusals());
      p.put("simulated_seconds", r.simulatedSeconds());
      p.put("wall_seconds", r.wallSeconds());
      p.put("simulated_requests_per_wall_second", r.simulatedRequestsPerWallSecond());
      ArrayNode cs = p.putArray("classes");
      for (PolicyResult.ClassResult c : r.classes()) {
        cs.addObject().put("name", c.name()).put("requests", c.requests()).put("answered", c.answered())
            .put("rejected", c.rejected()).put("slo_attainment", c.sloAttainment()).put("p50_ms", c.p50Ms())
            .put("p99_ms", c.p99Ms()).put("mean_accuracy", c.meanAccuracy());
      }
    }
    return root;
  }

  static String markdown(Scenario scenario, List<PolicyResult> results) {
    StringBuilder md = new StringBuilder();
    md.append("# Scenario ").append(scenario.name()).append("\n\n");
    if (!scenario.description().isBlank()) {
      md.append(scenario.description().strip()).append("\n\n");
    }
    md.append(f("Trace `%s`, window from %s for %s at scale %s, seed %d; classes: ", scenario.trace().getFileName(),
        scenario.window().start(), scenario.window().length(), scenario.window().scale(), scenario.seed()));
    md.append(String.join("; ", scenario.classes().stream()
        .map(c -> f("%s (%s, SLO %.0f ms, accuracy ≥ %.2f, share %.2f)", c.name(), c.task(), c.sloMs(), c.minAccuracy(), c.share()))
        .toList()));
    md.append(".\n\n");
    md.append("| policy | requests | SLO attainment | violations | rejected | p50 ms | p99 ms | accuracy | cost USD | core-s | "
        + "mean instances | cold starts | sim req/wall-s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PolicyResult r : results) {
      md.append(f("| %s | %d | %.3f %% | %d | %d | %.2f | %.2f | %.4f | %.4f | %.0f | %.2f | %d | %.0f |%n", r.policy(),
          r.requests(), 100 * r.sloAttainment(), r.violations(), r.rejected(), r.p50Ms(), r.p99Ms(), r.meanAccuracy(),
          r.costUsd(), r.coreSeconds(), r.meanInstances(), r.coldStarts(), r.simulatedRequestsPerWallSecond()));
    }
    md.append("\nPlots: `arrivals.svg` (arrival rate and forecast), `instances.svg`, `p99.svg` (p99 against the SLO), "
        + "`cost.svg` (cumulative cost). Numbers per step: `timeseries.csv`.\n");
    return md.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
