package dev.cortado.sim.report;

import dev.cortado.sim.run.TimeseriesRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The four plots of a run, one line per policy: arrivals (and forecasts), instances, p99 vs SLO, cumulative cost. */
public final class Plots {
  private Plots() {}

  /** Writes {@code arrivals.svg}, {@code instances.svg}, {@code p99.svg} and {@code cost.svg} into {@code out}. */
  public static void write(Path out, List<TimeseriesRow> rows) throws IOException {
    SvgChart arrivals = new SvgChart("Arrival rate", "simulated seconds", "requests / s");
    SvgChart instances = new SvgChart("Instances (ready + starting)", "simulated seconds", "instances");
    SvgChart p99 = new SvgChart("p99 latency against the SLO", "simulated seconds", "ms");
    SvgChart cost = new SvgChart("Cumulative cost", "simulated seconds", "USD");
    String first = rows.isEmpty() ? null : rows.getFirst().policy();
    for (TimeseriesRow r : rows) {
      if (r.policy().equals(first)) {
        arrivals.point("arrivals", r.timeSeconds(), r.arrivalRate());
        p99.dashed("SLO").point("SLO", r.timeSeconds(), r.sloMs());
      }
      if (Double.isFinite(r.forecastRate())) {
        arrivals.dashed("forecast " + r.policy()).point("forecast " + r.policy(), r.timeSeconds(), r.forecastRate());
      }
      instances.point(r.policy(), r.timeSeconds(), r.readyInstances() + r.startingInstances());
      p99.point(r.policy(), r.timeSeconds(), r.p99Ms());
      cost.point(r.policy(), r.timeSeconds(), r.costUsd());
    }
    Files.writeString(out.resolve("arrivals.svg"), arrivals.render());
    Files.writeString(out.resolve("instances.svg"), instances.render());
    Files.writeString(out.resolve("p99.svg"), p99.render());
    Files.writeString(out.resolve("cost.svg"), cost.render());
  }
}
