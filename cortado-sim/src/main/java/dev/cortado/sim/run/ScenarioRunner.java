package dev.cortado.sim.run;

import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.report.ReportWriter;
import dev.cortado.sim.report.TimeseriesCsv;
import dev.cortado.sim.scenario.PolicySpec;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.trace.ArrivalTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs every policy of a scenario, one after the other on fresh simulated worlds with the same seed,
 * and writes {@code summary.json}, {@code timeseries.csv}, the plots and {@code report.md}.
 */
public final class ScenarioRunner {
  /** Told how far the run has got. */
  public interface Progress {
    /** Policy {@code index} of {@code count}, labelled {@code label}, is {@code fraction} done. */
    void update(int index, int count, String label, double fraction);
  }

  private final Scenario scenario;
  private final List<VariantSetup> variants;
  private final ArrivalTrace trace;
  private final ScalingPolicyFactory policies;

  public ScenarioRunner(Scenario scenario, List<VariantSetup> variants, ArrivalTrace trace, ScalingPolicyFactory policies) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.variants = List.copyOf(variants);
    this.trace = Objects.requireNonNull(trace, "trace");
    this.policies = Objects.requireNonNull(policies, "policies");
  }

  /** Runs and writes into {@code out}; returns the results in the scenario's policy order. */
  public List<PolicyResult> run(Path out, Progress progress) throws IOException {
    Files.createDirectories(out);
    List<PolicyResult> results = new ArrayList<>();
    List<TimeseriesRow> rows = new ArrayList<>();
    try (TimeseriesCsv csv = new TimeseriesCsv(Files.newBufferedWriter(out.resolve("timeseries.csv"), StandardCharsets.UTF_8))) {
      List<PolicySpec> specs = scenario.policies();
      for (int i = 0; i < specs.size(); i++) {
        PolicySpec spec = specs.get(i);
        int index = i;
        PolicyRun run = new PolicyRun(scenario, spec, variants, trace, policies);
        results.add(run.run(row -> {
          rows.add(row);
          csv.add(row);
        }, fraction -> progress.update(index, specs.size(), spec.label(), fraction)));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    ReportWriter.write(out, scenario, results, rows);
    return results;
  }
}
