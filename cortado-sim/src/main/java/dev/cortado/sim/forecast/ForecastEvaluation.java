package dev.cortado.sim.forecast;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.error.CortadoException;
import dev.cortado.sim.trace.TraceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Rolling-origin evaluation: from every origin of an {@link EvaluationSpec}, each forecaster sees the
 * history before the origin (and {@code now} at its end) and forecasts the longest horizon once; each
 * horizon's point is scored against what came (see {@link ForecastScore}). The forecasters run one
 * after another on one thread; the ticker (injected, {@code System::nanoTime} in a real run) only
 * times the calls.
 */
public final class ForecastEvaluation {
  private final LongSupplier nanoTicker;

  public ForecastEvaluation(LongSupplier nanoTicker) {
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
  }

  /** Reads a trace file, turns it into per-minute rates and evaluates it with the default spec for its length. */
  public EvaluationReport evaluate(Path traceFile, List<Forecaster> forecasters, List<Integer> horizonMinutes) {
    RateHistory series = PerMinuteRates.of(TraceReader.read(traceFile));
    return evaluate(String.valueOf(traceFile.getFileName()), series, forecasters,
        EvaluationSpec.defaults(series.size(), horizonMinutes));
  }

  public EvaluationReport evaluate(
      String label, RateHistory series, List<Forecaster> forecasters, EvaluationSpec spec) {
    List<Integer> horizons = spec.horizons().stream().distinct().sorted().toList();
    int longest = spec.longestHorizon();
    double[] y = series.rates();
    if (forecasters.isEmpty()) {
      throw CortadoException.invalidArgument("no forecaster to evaluate");
    }
    if (spec.warmUp() + longest > y.length) {
      throw CortadoException.invalidArgument("%s has %d steps, fewer than warm-up %d + longest horizon %d",
          label, y.length, spec.warmUp(), longest);
    }
    double[] changes = cumulativeAbsoluteChanges(y);
    ScoreAccumulator[][] scores = new ScoreAccumulator[forecasters.size()][horizons.size()];
    long[] nanos = new long[forecasters.size()];
    for (ScoreAccumulator[] row : scores) {
      for (int h = 0; h < row.length; h++) {
        row[h] = new ScoreAccumulator();
      }
    }
    Duration ahead = series.step().multipliedBy(longest);
    int origins = 0;
    for (int origin = spec.warmUp(); origin + longest <= y.length; origin += spec.every()) {
      int from = Math.max(0, origin - spec.history());
      RateHistory history = series.slice(from, origin);
      double scale = origin - from >= 2 ? (changes[origin - 1] - changes[from]) / (origin - from - 1) : 0;
      for (int f = 0; f < forecasters.size(); f++) {
        long started = nanoTicker.getAsLong();
        Forecast forecast = forecasters.get(f).forecast(history, history.end(), ahead);
        nanos[f] += nanoTicker.getAsLong() - started;
        for (int h = 0; h < horizons.size(); h++) {
          int lead = horizons.get(h);
          scores[f][h].add(forecast.meanAt(lead - 1), forecast.upperAt(lead - 1), y[origin + lead - 1], scale);
        }
      }
      origins++;
    }
    List<ForecastScore> result = new ArrayList<>();
    for (int f = 0; f < forecasters.size(); f++) {
      double micros = nanos[f] / 1e3 / origins;
      for (int h = 0; h < horizons.size(); h++) {
        result.add(scores[f][h].score(forecasters.get(f).name(), horizons.get(h), micros));
      }
    }
    return new EvaluationReport(label, y.length, series.step(), spec, origins, result);
  }

  /** {@code c[i]} = the sum of {@code |y[s] - y[s-1]|} for {@code 1 <= s <= i}. */
  private static double[] cumulativeAbsoluteChanges(double[] y) {
    double[] c = new double[y.length];
    for (int i = 1; i < y.length; i++) {
      c[i] = c[i - 1] + Math.abs(y[i] - y[i - 1]);
    }
    return c;
  }
}
