package dev.cortado.sim.pipeline;

import dev.cortado.control.forecast.Forecasters;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.scenario.ScenarioException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The pipeline policies a scenario may name, built for one run. */
final class PipelinePolicies {
  static final String FA2 = "fa2";
  static final String FA2_ORACLE = "fa2-oracle";
  static final String KPA = "kpa";
  static final String EVEN_SPLIT = "even-split";

  /** The names {@link #create} knows, in the order a scenario runs them by default. */
  static final List<String> NAMES = List.of(FA2, FA2_ORACLE, KPA, EVEN_SPLIT);

  /** How far back the planned autoscalers' observed rate looks. */
  static final Duration REACTIVE_WINDOW = Duration.ofSeconds(5);

  private PipelinePolicies() {}

  /** @throws ScenarioException naming the known policies when {@code name} is not one */
  static void check(String name) {
    if (!NAMES.contains(name)) {
      throw new ScenarioException("unknown pipeline policy '" + name + "'; known: " + String.join(", ", NAMES));
    }
  }

  static PipelinePolicy create(String name, PipelineSetup in) {
    check(name);
    Scenario base = in.scenario().base();
    PipelineSpec spec = in.scenario().pipeline();
    int max = base.cluster().maxInstancesPerVariant();
    double lead = in.coldStartSeconds() + 1;
    return switch (name) {
      case FA2 -> new PlannedPipelineScaling(name, in.stages(), in.graph(), spec,
          new ForecastDemand(Forecasters.defaultForecaster(), in.past(), lead, REACTIVE_WINDOW, spec.sloMs() / 1000),
          new Fa2Sizing(in.stages(), in.graph(), spec.sloMs(), spec.latencyQuantile(), spec.planSloFraction()), in.size(), max);
      case FA2_ORACLE -> new PlannedPipelineScaling(name, in.stages(), in.graph(), spec, new OracleDemand(Instant.EPOCH, in.trueRates(),
          lead), new Fa2Sizing(in.stages(), in.graph(), spec.sloMs(), spec.latencyQuantile(), spec.planSloFraction()), in.size(), max);
      case EVEN_SPLIT -> new PlannedPipelineScaling(name, in.stages(), in.graph(), spec,
          new ForecastDemand(Forecasters.defaultForecaster(), in.past(), lead, REACTIVE_WINDOW, spec.sloMs() / 1000),
          new EvenSplitSizing(in.stages(), in.graph(), spec.sloMs()), in.size(), max);
      case KPA -> new PerStageKpa(in.stages(), in.graph(), spec.sloMs(), base.cost(), base.cluster().startOverhead(), in.size(),
          max, in.lastRate());
      default -> throw new IllegalStateException("checked above: " + name);
    };
  }
}
