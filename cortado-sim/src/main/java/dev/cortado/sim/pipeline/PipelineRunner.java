package dev.cortado.sim.pipeline;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.report.Plots;
import dev.cortado.sim.report.TimeseriesCsv;
import dev.cortado.sim.run.ScenarioRunner;
import dev.cortado.sim.run.TimeseriesRow;
import dev.cortado.sim.scenario.PolicySpec;
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
 * Runs every policy of a pipeline scenario, one after the other on fresh simulated worlds with the
 * same seed, and writes {@code summary.json}, {@code timeseries.csv}, the plots and {@code report.md}.
 */
public final class PipelineRunner {
  private final PipelineScenario scenario;
  private final List<StageSetup> stages;
  private final ArrivalTrace trace;

  /**
   * @param models the repository's models (at least those the stages name), with their profiles
   * @throws dev.cortado.sim.scenario.ScenarioException naming a stage's model the repository lacks
   */
  public PipelineRunner(PipelineScenario scenario, List<VariantSetup> models, ArrivalTrace trace) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.stages = StageSetup.of(scenario.pipeline(), models, InstanceSize.cpu(scenario.base().cluster().instanceThreads()));
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /** Runs and writes into {@code out}; returns the results in the scenario's policy order. */
  public List<PipelineResult> run(Path out, ScenarioRunner.Progress progress) throws IOException {
    Files.createDirectories(out);
    List<PipelineResult> results = new ArrayList<>();
    List<TimeseriesRow> rows = new ArrayList<>();
    try (TimeseriesCsv csv = new TimeseriesCsv(Files.newBufferedWriter(out.resolve("timeseries.csv"), StandardCharsets.UTF_8))) {
      List<PolicySpec> specs = scenario.base().policies();
      for (int i = 0; i < specs.size(); i++) {
        PolicySpec spec = specs.get(i);
        int index = i;
        PipelineRun run = new PipelineRun(scenario, spec, stages, trace);
        results.add(run.run(row -> {
          rows.add(row);
          csv.add(row);
        }, fraction -> progress.update(index, specs.size(), spec.label(), fraction)));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Plots.write(out, rows);
    PipelineReport.write(out, scenario, results);
    return results;
  }
}
