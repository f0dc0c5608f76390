package dev.cortado.sim.scenario;

import dev.cortado.control.cost.CostModel;
import dev.cortado.sim.trace.TraceWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One simulator experiment, as a scenario file describes it.
 *
 * @param name how reports call it
 * @param description free text
 * @param trace the arrival trace, resolved against the scenario file's folder
 * @param window the part of the trace replayed and its scale
 * @param seed the seed of every random draw (arrivals, classes, service times)
 * @param variants the variants to serve (empty: every variant of the repository)
 * @param classes the request mix
 * @param cluster the simulated machine
 * @param selector the variant selector ({@code cortado} or {@code infaas})
 * @param batching the batching policy variants run unless a policy says otherwise
 * @param policies the scaling policies to compare
 * @param cost the prices
 * @param timeseriesStep the length of one row of {@code timeseries.csv}
 * @param drain how long the run goes on after the window, for requests still in flight
 */
public record Scenario(
    String name,
    String description,
    Path trace,
    TraceWindow window,
    long seed,
    List<String> variants,
    List<RequestClass> classes,
    ClusterSpec cluster,
    String selector,
    String batching,
    List<PolicySpec> policies,
    CostModel cost,
    Duration timeseriesStep,
    Duration drain) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(window, "window");
    variants = List.copyOf(variants);
    classes = List.copyOf(classes);
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(batching, "batching");
    policies = List.copyOf(policies);
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(timeseriesStep, "timeseriesStep");
    Objects.requireNonNull(drain, "drain");
    if (classes.isEmpty()) {
      throw new ScenarioException("scenario " + name + " has no request classes");
    }
    if (policies.isEmpty()) {
      throw new ScenarioException("scenario " + name + " has no policies to run");
    }
    if (timeseriesStep.isNegative() || timeseriesStep.isZero()) {
      throw new ScenarioException("timeseries_step = " + timeseriesStep + ", must be positive");
    }
    if (drain.isNegative()) {
      throw new ScenarioException("drain = " + drain + ", must be >= 0");
    }
  }

  /** The same scenario running only the policies labelled {@code labels}, in that order. */
  public Scenario onlyPolicies(List<String> labels) {
    List<PolicySpec> chosen = labels.stream()
        .map(l -> policies.stream().filter(p -> p.label().equals(l) || p.name().equals(l)).findFirst()
            .orElseGet(() -> new PolicySpec(l, l, batching)))
        .toList();
    return new Scenario(name, description, trace, window, seed, variants, classes, cluster, selector, batching, chosen, cost,
        timeseriesStep, drain);
  }

  /** The same scenario with every class's SLO set to {@code sloMs}, named {@code <name>-slo<ms>}. */
  public Scenario withSlo(double sloMs) {
    List<RequestClass> changed = classes.stream()
        .map(c -> new RequestClass(c.name(), c.task(), sloMs, c.minAccuracy(), c.share()))
        .toList();
    return new Scenario(name + "-slo" + Math.round(sloMs), description, trace, window, seed, variants, changed, cluster, selector,
        batching, policies, cost, timeseriesStep, drain);
  }

  /** The same scenario with every policy that takes a target utilisation ({@link PolicySpec#TAKES_UTILISATION}) at {@code u}. */
  public Scenario withUtilisation(double u) {
    List<PolicySpec> changed = policies.stream().map(p -> p.withUtilisation(u)).toList();
    return new Scenario(name, description, trace, window, seed, variants, classes, cluster, selector, batching, changed, cost,
        timeseriesStep, drain);
  }

  /** The same scenario with every rate of its window multiplied by {@code factor} (on top of the file's scale). */
  public Scenario scaledBy(double factor) {
    TraceWindow scaled = new TraceWindow(window.start(), window.length(), window.scale() * factor);
    return new Scenario(name, description, trace, scaled, seed, variants, classes, cluster, selector, batching, policies, cost,
        timeseriesStep, drain);
  }

  /** The same scenario with another seed. */
  public Scenario withSeed(long newSeed) {
    return new Scenario(name, description, trace, window, newSeed, variants, classes, cluster, selector, batching, policies, cost,
        timeseriesStep, drain);
  }
}
