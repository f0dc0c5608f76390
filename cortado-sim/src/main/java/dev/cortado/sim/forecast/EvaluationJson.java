package dev.cortado.sim.forecast;

import java.util.List;
import java.util.Locale;

/** Evaluations as a JSON array, one object per series with its scores; NaN (nothing to score) as null. */
public final class EvaluationJson {
  private EvaluationJson() {}

  public static String render(List<EvaluationReport> reports) {
    StringBuilder out = new StringBuilder("[");
    for (int r = 0; r < reports.size(); r++) {
      EvaluationReport report = reports.get(r);
      EvaluationSpec spec = report.spec();
      out.append(r == 0 ? "\n" : ",\n")
          .append("  {\"trace\": ").append(string(report.label()))
          .append(", \"steps\": ").append(report.steps())
          .append(", \"step\": ").append(string(report.step().toString()))
          .append(", \"warmUp\": ").append(spec.warmUp())
          .append(", \"every\": ").append(spec.every())
          .append(", \"history\": ").append(spec.history())
          .append(", \"origins\": ").append(report.origins())
          .append(", \"scores\": [");
      List<ForecastScore> scores = report.scores();
      for (int i = 0; i < scores.size(); i++) {
        ForecastScore s = scores.get(i);
        out.append(i == 0 ? "\n" : ",\n")
            .append("    {\"forecaster\": ").append(string(s.forecaster()))
            .append(", \"horizon\": ").append(s.horizon())
            .append(", \"points\": ").append(s.points())
            .append(", \"smape\": ").append(number(s.smape()))
            .append(", \"mape\": ").append(number(s.mape()))
            .append(", \"mase\": ").append(number(s.mase()))
            .append(", \"coverage\": ").append(number(s.coverage()))
            .append(", \"overProvision\": ").append(number(s.overProvision()))
            .append(", \"microsPerForecast\": ").append(number(s.microsPerForecast()))
            .append('}');
      }
      out.append("\n  ]}");
    }
    return out.append("\n]\n").toString();
  }

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
  }

  private static String string(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
