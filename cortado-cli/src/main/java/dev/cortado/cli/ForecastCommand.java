package dev.cortado.cli;

import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.Forecasters;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.sim.forecast.EvaluationJson;
import dev.cortado.sim.forecast.EvaluationReport;
import dev.cortado.sim.forecast.EvaluationSpec;
import dev.cortado.sim.forecast.EvaluationTable;
import dev.cortado.sim.forecast.ForecastEvaluation;
import dev.cortado.sim.forecast.PerMinuteRates;
import dev.cortado.sim.trace.TraceReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado forecast}: a rolling-origin evaluation of the forecasters on real traces. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
    description = {
        "Evaluate the workload forecasters on arrival traces: per-minute rates, forecasts from many origins (after a"
            + " warm-up), scored by sMAPE, MAPE, MASE and the coverage of the upper quantile at each horizon.",
        "See docs/forecasting.md."})
final class ForecastCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--trace", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Trace files (shared/data/traces: per-minute counts, per-second counts or per-request timestamps).")
  List<Path> traces;

  @Option(names = "--horizons", split = ",", defaultValue = "1,5,15", paramLabel = "MINUTES",
      description = "Minutes ahead to score (default: ${DEFAULT-VALUE}).")
  List<Integer> horizons;

  @Option(names = "--forecasters", split = ",", paramLabel = "NAME",
      description = "Only these forecasters (default: all of last-value, seasonal-naive, holt-winters-additive,"
          + " holt-winters-multiplicative, prophet-style, prophet-style-ar, ensemble, ensemble-best).")
  List<String> forecasters;

  @Option(names = "--every", paramLabel = "MINUTES",
      description = "Minutes between origins (default: the smallest of 1, 7, 17, 31, 59, 119 giving at most"
          + " 2,000 origins).")
  Integer every;

  @Option(names = "--warm-up", paramLabel = "MINUTES",
      description = "Minutes before the first origin (default: a week, or a third of the trace if shorter).")
  Integer warmUp;

  @Option(names = "--json", description = "Print the scores as JSON instead of tables.")
  boolean json;

  @Override
  public Integer call() {
    if (horizons.isEmpty() || horizons.stream().anyMatch(h -> h == null || h < 1)) {
      throw new ParameterException(spec.commandLine(), "--horizons " + horizons + ": each must be at least 1 minute");
    }
    if ((every != null && every < 1) || (warmUp != null && warmUp < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--every " + every + ", --warm-up " + warmUp + ": must be at least 1");
    }
    selected();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ForecastEvaluation evaluation = new ForecastEvaluation(System::nanoTime);
    List<EvaluationReport> reports = new ArrayList<>();
    for (Path trace : traces) {
      RateHistory series = PerMinuteRates.of(TraceReader.read(trace));
      EvaluationSpec defaults = EvaluationSpec.defaults(series.size(), horizons);
      EvaluationSpec run = new EvaluationSpec(horizons, warmUp != null ? warmUp : defaults.warmUp(),
          every != null ? every : defaults.every(), defaults.history());
      long started = System.nanoTime();
      EvaluationReport report = evaluation.evaluate(String.valueOf(trace.getFileName()), series, selected(), run);
      err.printf(Locale.ROOT, "cortado forecast: %s evaluated in %.1f s%n",
          trace.getFileName(), (System.nanoTime() - started) / 1e9);
      err.flush();
      reports.add(report);
      if (!json) {
        out.println(EvaluationTable.render(report));
        out.flush();
      }
    }
    if (json) {
      out.print(EvaluationJson.render(reports));
      out.flush();
    }
    return 0;
  }

  /**
   * Fresh forecasters (no memoised fit carries over from one trace to the next), filtered by
   * --forecasters; called once first to refuse an unknown name before any trace is read.
   */
  private List<Forecaster> selected() {
    List<Forecaster> all = Forecasters.all();
    if (forecasters == null) {
      return all;
    }
    List<String> known = all.stream().map(Forecaster::name).toList();
    List<String> unknown = forecasters.stream().filter(f -> !known.contains(f)).toList();
    if (!unknown.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--forecasters: no forecaster " + unknown + " (forecasters: " + known + ")");
    }
    return all.stream().filter(f -> forecasters.contains(f.name())).toList();
  }
}
