package dev.cortado.sim.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cortado.control.forecast.Forecast;
import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.LastValueForecaster;
import dev.cortado.control.forecast.RateHistory;
import dev.cortado.core.error.CortadoException;
import dev.cortado.sim.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastEvaluationTest {
  @TempDir Path dir;

  /** Always {@code rate}, with the upper quantile at {@code upper}. */
  private record Constant(double rate, double upper) implements Forecaster {
    @Override
    public String name() {
      return "constant";
    }

    @Override
    public Forecast forecast(RateHistory history, Instant now, Duration horizon) {
      int steps = (int) horizon.dividedBy(history.step());
      double[] mean = new double[steps];
      double[] up = new double[steps];
      Arrays.fill(mean, rate);
      Arrays.fill(up, upper);
      return new Forecast(history.end(), history.step(), mean, up, 0.95);
    }
  }

  /** A ticker that moves 1,000 ns every time it is read: each forecast then takes 1 us. */
  private static LongSupplier ticker() {
    long[] now = {0};
    return () -> now[0] += 1_000;
  }

  /** Minutes 0..7 with 60, 120, ..., 480 requests: rates 1, 2, ..., 8 per second. */
  private RateHistory oneToEight() throws IOException {
    StringBuilder csv = new StringBuilder("minute_index,requests_in_minute\n");
    for (int i = 0; i < 8; i++) {
      csv.append(i).append(',').append(60 * (i + 1)).append('\n');
    }
    return PerMinuteRates.of(TraceReader.read(Files.writeString(dir.resolve("ramp.csv"), csv)));
  }

  @Test
  void scoresTheLastValueOnARampAsComputedByHand() throws IOException {
    RateHistory series = oneToEight();
    // Origins 3 and 5 (7 + 2 > 8): the last value is t, the actuals t + 1 and t + 2.
    EvaluationSpec spec = new EvaluationSpec(List.of(2, 1), 3, 2, 100);

    EvaluationReport report = new ForecastEvaluation(ticker()).evaluate(
        "ramp", series, List.of(new LastValueForecaster(Duration.ofHours(1), 0.95)), spec);

    assertThat(report.origins()).isEqualTo(2);
    ForecastScore one = report.score("last-value", 1).orElseThrow();
    assertThat(one.points()).isEqualTo(2);
    assertThat(one.smape()).as("(200/7 + 200/11) / 2").isCloseTo((200 / 7.0 + 200 / 11.0) / 2, within(1e-9));
    assertThat(one.mape()).as("(100/4 + 100/6) / 2").isCloseTo((25 + 100 / 6.0) / 2, within(1e-9));
    assertThat(one.mase()).as("errors of 1 over one-step changes of 1").isCloseTo(1, within(1e-12));
    assertThat(one.coverage()).as("past errors at lead 1 are all 1, so upper = t + 1").isEqualTo(1);
    assertThat(one.overProvision()).isCloseTo(0, within(1e-9));
    assertThat(one.microsPerForecast()).isEqualTo(1);
    ForecastScore two = report.score("last-value", 2).orElseThrow();
    assertThat(two.smape()).as("(400/8 + 400/12) / 2").isCloseTo((50 + 400 / 12.0) / 2, within(1e-9));
    assertThat(two.mape()).as("(200/5 + 200/7) / 2").isCloseTo((40 + 200 / 7.0) / 2, within(1e-9));
    assertThat(two.mase()).isCloseTo(2, within(1e-12));
    assertThat(report.scores()).extracting(ForecastScore::horizon).containsExactly(1, 2);
  }

  @Test
  void coverageAndOverProvisionCountTheUpperQuantileAgainstTheActuals() throws IOException {
    EvaluationSpec spec = new EvaluationSpec(List.of(1, 2), 3, 2, 100);

    EvaluationReport report = new ForecastEvaluation(ticker()).evaluate(
        "ramp", oneToEight(), List.of(new Constant(4, 6)), spec);

    // Actuals: origin 3 -> 4 (h1), 5 (h2); origin 5 -> 6 (h1), 7 (h2). Forecast 4, upper 6.
    ForecastScore one = report.score("constant", 1).orElseThrow();
    assertThat(one.smape()).as("(0 + 200*2/10) / 2").isCloseTo(20, within(1e-9));
    assertThat(one.mase()).as("(0 + 2) / 2, the scale being 1").isCloseTo(1, within(1e-12));
    assertThat(one.coverage()).isEqualTo(1);
    assertThat(one.overProvision()).as("12 provisioned for 10").isCloseTo(20, within(1e-9));
    ForecastScore two = report.score("constant", 2).orElseThrow();
    assertThat(two.coverage()).as("7 > 6").isEqualTo(0.5);
    assertThat(two.mase()).as("(1 + 3) / 2").isCloseTo(2, within(1e-12));
    assertThat(two.overProvision()).as("12 provisioned for 12").isCloseTo(0, within(1e-9));
  }

  @Test
  void theMaseScaleIsTheOneStepChangeOfTheHistoryEachForecastSaw() throws IOException {
    StringBuilder csv = new StringBuilder("minute_index,requests_in_minute\n");
    int[] counts = {60, 60, 180, 180, 180, 180};
    for (int i = 0; i < counts.length; i++) {
      csv.append(i).append(',').append(counts[i]).append('\n');
    }
    RateHistory series = PerMinuteRates.of(TraceReader.read(Files.writeString(dir.resolve("step.csv"), csv)));
    // One origin, 4, seeing steps 1..3 (rates 1, 3, 3): mean one-step change (2 + 0) / 2 = 1.
    EvaluationSpec spec = new EvaluationSpec(List.of(1), 4, 10, 3);

    EvaluationReport report = new ForecastEvaluation(ticker()).evaluate("step", series, List.of(new Constant(1, 1)), spec);

    assertThat(report.score("constant", 1).orElseThrow().mase()).as("|1 - 3| / 1").isCloseTo(2, within(1e-12));
  }

  @Test
  void requestTimestampsBecomeWholeMinutesOfCounts() throws IOException {
    Path file = Files.writeString(dir.resolve("az.csv"), """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:00:00,1,1
        2023-11-16 18:00:30,1,1
        2023-11-16 18:01:01,1,1
        2023-11-16 18:01:59,1,1
        2023-11-16 18:01:59.5,1,1
        2023-11-16 18:02:30,1,1
        """);

    RateHistory rates = PerMinuteRates.of(TraceReader.read(file));

    assertThat(rates.rates()).as("the third minute is not whole: dropped").containsExactly(2 / 60.0, 3 / 60.0);
    assertThat(rates.step()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void perSecondCountsAreSummedPerMinute() throws IOException {
    Path file = Files.writeString(dir.resolve("s.txt"), "1\n".repeat(130));

    assertThat(PerMinuteRates.of(TraceReader.read(file)).rates()).containsExactly(1, 1);
  }

  @Test
  void aSeriesTooShortForTheWarmUpAndHorizonIsRefused() throws IOException {
    EvaluationSpec spec = new EvaluationSpec(List.of(5), 4, 1, 10);

    assertThatThrownBy(() -> new ForecastEvaluation(ticker()).evaluate("ramp", oneToEight(), List.of(new Constant(1, 1)), spec))
        .isInstanceOf(CortadoException.class)
        .hasMessage("ramp has 8 steps, fewer than warm-up 4 + longest horizon 5");
  }
}
