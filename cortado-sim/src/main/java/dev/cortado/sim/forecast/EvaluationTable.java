package dev.cortado.sim.forecast;

import java.util.Locale;

/**
 * An evaluation as text: a heading line, then a Markdown table with one row per forecaster and
 * horizon (readable in a terminal, pasted as is into {@code docs/}).
 */
public final class EvaluationTable {
  private EvaluationTable() {}

  public static String render(EvaluationReport report) {
    EvaluationSpec spec = report.spec();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "%s: %,d steps of %s; %,d origins, one every %d steps after a warm-up of %,d; history up to %,d steps%n%n",
        report.label(), report.steps(), report.step(), report.origins(), spec.every(), spec.warmUp(), spec.history()));
    out.append(String.format(Locale.ROOT, "| %-27s | %3s | %7s | %7s | %6s | %8s | %8s | %10s |%n",
        "forecaster", "h", "sMAPE %", "MAPE %", "MASE", "coverage", "over %", "us/fcst"));
    out.append("|-----------------------------|----:|--------:|--------:|-------:|---------:|---------:")
        .append("|-----------:|\n");
    for (ForecastScore s : report.scores()) {
      out.append(String.format(Locale.ROOT, "| %-27s | %3d | %7.2f | %7.2f | %6.3f | %8.3f | %8.1f | %,10.0f |%n",
          s.forecaster(), s.horizon(), s.smape(), s.mape(), s.mase(), s.coverage(), s.overProvision(),
          s.microsPerForecast()));
    }
    return out.toString();
  }
}
