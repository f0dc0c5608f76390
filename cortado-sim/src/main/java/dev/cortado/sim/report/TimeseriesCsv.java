package dev.cortado.sim.report;

import dev.cortado.sim.run.TimeseriesRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/** Writes time-series rows as CSV, one line per policy and step, numbers in a fixed format. */
public final class TimeseriesCsv implements AutoCloseable {
  static final String HEADER = "policy,time_s,arrival_rate,answer_rate,reject_rate,slo_attainment,p50_ms,p99_ms,slo_ms,"
      + "ready_instances,starting_instances,cores_in_use,cost_usd,forecast_rate";

  private final Writer out;

  public TimeseriesCsv(Writer out) {
    this.out = out;
    write(HEADER + "\n");
  }

  public void add(TimeseriesRow r) {
    write(String.join(",", r.policy(), num(r.timeSeconds()), num(r.arrivalRate()), num(r.answerRate()), num(r.rejectRate()),
        num(r.sloAttainment()), num(r.p50Ms()), num(r.p99Ms()), num(r.sloMs()), Integer.toString(r.readyInstances()),
        Integer.toString(r.startingInstances()), Integer.toString(r.coresInUse()), String.format(Locale.ROOT, "%.6f", r.costUsd()),
        num(r.forecastRate())) + "\n");
  }

  /** A number with 4 significant decimals, empty for NaN. */
  static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
