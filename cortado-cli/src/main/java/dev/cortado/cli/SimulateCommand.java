package dev.cortado.cli;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.pipeline.PipelineScenarioLoader;
import dev.cortado.sim.run.PolicyResult;
import dev.cortado.sim.run.ScalingPolicies;
import dev.cortado.sim.run.ScenarioRunner;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.scenario.ScenarioLoader;
import dev.cortado.sim.trace.ArrivalTrace;
import dev.cortado.sim.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado simulate}: runs a scenario's policies through the simulator and writes the report. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {
        "Replay a scenario (a trace window, a request mix, the policies under test) through the same selection, batching"
            + " and scaling code the server runs, on simulated time, with service times from the measured profiles.",
        "Writes summary.json, timeseries.csv, plots (SVG) and report.md into --out."})
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "Scenario file (YAML); see scenarios/.")
  Path scenarioFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: runs/<scenario name>).")
  Path out;

  @Option(names = "--policy", paramLabel = "NAME", description = "Run only these policies (repeatable; default: the scenario's).")
  List<String> policies;

  @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--scale", paramLabel = "X", description = "Multiply the scenario window's scale (every rate) by X.")
  Double scale;

  @Option(names = "--slo", paramLabel = "MS", description = "Set every request class's SLO to MS milliseconds.")
  Double sloMs;

  @Option(names = "--utilisation", paramLabel = "U",
      description = "Have cortado, oracle and planned plan to use this share, in (0, 1], of each instance's throughput "
          + "(default: 0.8); less buys headroom for unforecast load.")
  Double utilisation;

  @Option(names = "--repository", paramLabel = "DIR", defaultValue = "models",
      description = "Model repository the variants come from (default: ${DEFAULT-VALUE}).")
  Path repository;

  @Option(names = "--profiles", paramLabel = "DIR",
      description = "Profiles of the variants (default: 'profiles' beside the repository).")
  Path profiles;

  @Override
  public Integer call() throws IOException {
    if (PipelineScenarioLoader.isPipeline(scenarioFile)) {
      return new PipelineSimulation(this).call();
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outText = spec.commandLine().getOut();
    Scenario scenario;
    try {
      scenario = ScenarioLoader.load(scenarioFile);
    } catch (ScenarioException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (policies != null && !policies.isEmpty()) {
      scenario = scenario.onlyPolicies(policies);
    }
    if (sloMs != null) {
      if (!(sloMs > 0) || sloMs.isInfinite()) {
        throw new ParameterException(spec.commandLine(), "--slo = " + sloMs + ", must be a positive number of milliseconds");
      }
      scenario = scenario.withSlo(sloMs);
    }
    if (seed != null) {
      scenario = scenario.withSeed(seed);
    }
    if (scale != null) {
      if (!(scale > 0) || scale.isInfinite()) {
        throw new ParameterException(spec.commandLine(), "--scale = " + scale + ", must be a positive number");
      }
      scenario = scenario.scaledBy(scale);
    }
    if (utilisation != null) {
      if (!(utilisation > 0 && utilisation <= 1)) {
        throw new ParameterException(spec.commandLine(), "--utilisation = " + utilisation + ", must be in (0, 1]");
      }
      scenario = scenario.withUtilisation(utilisation);
    }
    if (!Files.isRegularFile(scenario.trace())) {
      throw new ParameterException(spec.commandLine(), "scenario " + scenarioFile + " names trace " + scenario.trace()
          + ", which does not exist (traces are read from ../shared/data/traces beside the project)");
    }
    List<VariantSetup> variants = variants(scenario);
    ArrivalTrace trace = TraceReader.read(scenario.trace());
    Path dir = out != null ? out : Path.of("runs", scenario.name());
    ScenarioRunner runner = new ScenarioRunner(scenario, variants, trace, ScalingPolicies::create);
    SimulationProgress progress = new SimulationProgress(err);
    List<PolicyResult> results = runner.run(dir, progress);
    progress.finish();
    outText.printf(Locale.ROOT, "%-16s %12s %10s %9s %9s %10s %9s %11s %12s%n", "policy", "requests", "SLO att.", "p50 ms",
        "p99 ms", "cost USD", "inst.", "cold starts", "sim req/s");
    for (PolicyResult r : results) {
      outText.printf(Locale.ROOT, "%-16s %12d %9.3f%% %9.2f %9.2f %10.4f %9.2f %11d %12.0f%n", r.policy(), r.requests(),
          100 * r.sloAttainment(), r.p50Ms(), r.p99Ms(), r.costUsd(), r.meanInstances(), r.coldStarts(),
          r.simulatedRequestsPerWallSecond());
    }
    outText.println("report: " + dir.resolve("report.md"));
    outText.flush();
    return 0;
  }

  private List<VariantSetup> variants(Scenario scenario) throws IOException {
    try {
      return RepositoryVariants.load(repository, profiles, scenario.variants(), InstanceSize.cpu(scenario.cluster().instanceThreads()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
