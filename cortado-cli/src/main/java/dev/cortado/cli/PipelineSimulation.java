package dev.cortado.cli;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.pipeline.PipelineResult;
import dev.cortado.sim.pipeline.PipelineRunner;
import dev.cortado.sim.pipeline.PipelineScenario;
import dev.cortado.sim.pipeline.PipelineScenarioLoader;
import dev.cortado.sim.pipeline.StageSpec;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParameterException;

/**
 * {@code cortado simulate} on a pipeline scenario ({@code kind: pipeline}): loads it, applies
 * {@code --policy}, {@code --slo} (the end-to-end SLO), {@code --seed} and {@code --scale}, runs every policy and
 * prints the comparison table.
 */
final class PipelineSimulation {
  private final SimulateCommand command;

  PipelineSimulation(SimulateCommand command) {
    this.command = command;
  }

  int call() throws IOException {
    PrintWriter err = command.spec.commandLine().getErr();
    PrintWriter outText = command.spec.commandLine().getOut();
    PipelineScenario scenario;
    try {
      scenario = PipelineScenarioLoader.load(command.scenarioFile);
      if (command.policies != null && !command.policies.isEmpty()) {
        scenario = scenario.onlyPolicies(command.policies);
      }
    } catch (ScenarioException e) {
      throw new ParameterException(command.spec.commandLine(), e.getMessage());
    }
    if (command.sloMs != null) {
      if (!(command.sloMs > 0) || command.sloMs.isInfinite()) {
        throw new ParameterException(command.spec.commandLine(), "--slo = " + command.sloMs
            + ", must be a positive number of milliseconds");
      }
      scenario = scenario.withSlo(command.sloMs);
    }
    if (command.seed != null) {
      scenario = scenario.withSeed(command.seed);
    }
    if (command.scale != null) {
      if (!(command.scale > 0) || command.scale.isInfinite()) {
        throw new ParameterException(command.spec.commandLine(), "--scale = " + command.scale + ", must be a positive number");
      }
      scenario = scenario.scaledBy(command.scale);
    }
    Path trace = scenario.base().trace();
    if (!Files.isRegularFile(trace)) {
      throw new ParameterException(command.spec.commandLine(), "scenario " + command.scenarioFile + " names trace " + trace
          + ", which does not exist (traces are read from ../shared/data/traces beside the project)");
    }
    List<String> models = scenario.pipeline().stages().stream().flatMap(s -> s.variants().stream()).distinct().toList();
    PipelineRunner runner;
    try {
      List<VariantSetup> setups = RepositoryVariants.load(command.repository, command.profiles, models,
          InstanceSize.cpu(scenario.base().cluster().instanceThreads()));
      runner = new PipelineRunner(scenario, setups, TraceReader.read(trace));
    } catch (IllegalArgumentException | ScenarioException e) {
      throw new ParameterException(command.spec.commandLine(), e.getMessage());
    }
    Path dir = command.out != null ? command.out : Path.of("runs", scenario.name());
    SimulationProgress progress = new SimulationProgress(err);
    List<PipelineResult> results = runner.run(dir, progress);
    progress.finish();
    outText.printf(Locale.ROOT, "pipeline %s, end-to-end SLO %.0f ms%n", String.join(" ", scenario.pipeline().stages().stream()
        .map(StageSpec::name).toList()), scenario.pipeline().sloMs());
    outText.printf(Locale.ROOT, "%-12s %12s %11s %9s %9s %12s %10s %10s %11s%n", "policy", "requests", "violations", "p50 ms",
        "p99 ms", "core-s", "mean cores", "cost USD", "cold starts");
    for (PipelineResult r : results) {
      outText.printf(Locale.ROOT, "%-12s %12d %10.3f%% %9.2f %9.2f %12.0f %10.2f %10.4f %11d%n", r.policy(), r.requests(),
          r.violationPercent(), r.p50Ms(), r.p99Ms(), r.coreSeconds(), r.meanCores(), r.costUsd(), r.coldStarts());
    }
    outText.println("report: " + dir.resolve("report.md"));
    outText.flush();
    return 0;
  }
}
