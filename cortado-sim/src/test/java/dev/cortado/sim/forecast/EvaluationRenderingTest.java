package dev.cortado.sim.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationRenderingTest {
  private final EvaluationReport report = new EvaluationReport("wc \"98\".csv", 100, Duration.ofMinutes(1),
      new EvaluationSpec(List.of(1), 10, 7, 50), 13,
      List.of(new ForecastScore("last-value", 1, 13, 7.5, Double.NaN, 1.25, 0.95, 8.0, 12.0)));

  @Test
  void theTableHasAHeadingAndOneMarkdownRowPerScore() {
    String table = EvaluationTable.render(report);

    assertThat(table).startsWith("wc \"98\".csv: 100 steps of PT1M; 13 origins, one every 7 steps after a warm-up of 10;");
    assertThat(table).contains("| last-value                  |   1 |    7.50 |     NaN |  1.250 |    0.950 |      8.0 |         12 |");
  }

  @Test
  void jsonEscapesTheLabelAndWritesNaNAsNull() {
    String json = EvaluationJson.render(List.of(report));

    assertThat(json).contains("\"trace\": \"wc \\\"98\\\".csv\"");
    assertThat(json).contains("\"mape\": null");
    assertThat(json).contains("\"smape\": 7.50000");
    assertThat(json).contains("\"origins\": 13");
  }
}
