package dev.cortado.sim.forecast;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of one rolling-origin evaluation on one series.
 *
 * @param label the series' name (the trace file's)
 * @param steps the series' length
 * @param step the series' step
 * @param spec how it ran
 * @param origins how many origins were scored
 * @param scores one per forecaster and horizon, forecasters in the order given, horizons ascending
 */
public record EvaluationReport(
    String label, int steps, Duration step, EvaluationSpec spec, int origins, List<ForecastScore> scores) {

  public EvaluationReport {
    scores = List.copyOf(scores);
  }

  /** The score of {@code forecaster} at {@code horizon} steps, if it was evaluated. */
  public Optional<ForecastScore> score(String forecaster, int horizon) {
    return scores.stream().filter(s -> s.forecaster().equals(forecaster) && s.horizon() == horizon).findFirst();
  }

  /** The forecasters' names, in the order they were evaluated. */
  public List<String> forecasters() {
    return scores.stream().map(ForecastScore::forecaster).distinct().toList();
  }
}
