package dev.cortado.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.control.planning.Allocation;
import dev.cortado.control.planning.Budget;
import dev.cortado.control.planning.GreedyPlanner;
import dev.cortado.control.planning.MipPlanner;
import dev.cortado.control.planning.Plan;
import dev.cortado.control.planning.PlanningProblem;
import dev.cortado.control.planning.PlanningVariant;
import dev.cortado.control.planning.RequestClass;
import dev.cortado.control.planning.Route;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.sim.cluster.VariantSetup;
import dev.cortado.sim.scenario.Scenario;
import dev.cortado.sim.scenario.ScenarioException;
import dev.cortado.sim.scenario.ScenarioLoader;
import dev.cortado.sim.trace.TraceRates;
import dev.cortado.sim.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cortado plan}: the cost-minimal configuration for a scenario's load at one point in time. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {
        "Plan, exactly (OR-Tools), the instances per variant and size, the batch caps and the split of each request class's"
            + " traffic over variants that serve a scenario's load at one minute at least cost, within its core budget;"
            + " prints the plan, its cost, the solver's gap and time, and the greedy heuristic's cost beside it."})
final class PlanCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "Scenario file (YAML); see scenarios/.")
  Path scenarioFile;

  @Option(names = "--at", paramLabel = "DURATION",
      description = "Into the scenario's window, e.g. 5m (default: the window's busiest minute).")
  String at;

  @Option(names = "--headroom", defaultValue = "1.2", description = "Capacity over demand (default: ${DEFAULT-VALUE}).")
  double headroom;

  @Option(names = "--time-limit", defaultValue = "10s", paramLabel = "DURATION",
      description = "The solver's time limit; past it, the best plan found (default: ${DEFAULT-VALUE}).")
  String timeLimit;

  @Option(names = "--repository", paramLabel = "DIR", defaultValue = "models",
      description = "Model repository the variants come from (default: ${DEFAULT-VALUE}).")
  Path repository;

  @Option(names = "--profiles", paramLabel = "DIR", description = "Profiles of the variants (default: 'profiles' beside the repository).")
  Path profiles;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Scenario scenario;
    Duration limit;
    try {
      scenario = ScenarioLoader.load(scenarioFile);
      limit = ScenarioLoader.parseDuration(timeLimit, "--time-limit");
    } catch (ScenarioException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!(headroom >= 1) || Double.isInfinite(headroom)) {
      throw new ParameterException(spec.commandLine(), "--headroom = " + headroom + ", must be a finite number >= 1");
    }
    if (!Files.isRegularFile(scenario.trace())) {
      throw new ParameterException(spec.commandLine(), "scenario " + scenarioFile + " names trace " + scenario.trace()
          + ", which does not exist");
    }
    List<VariantSetup> variants;
    try {
      variants = RepositoryVariants.load(repository, profiles, scenario.variants(), InstanceSize.cpu(scenario.cluster().instanceThreads()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    double[] perMinute = TraceRates.of(TraceReader.read(scenario.trace()), scenario.window(), Duration.ofMinutes(1));
    int minute = minute(perMinute, scenario);
    PlanningProblem problem = problem(scenario, variants, perMinute[minute]);
    Plan exact = new MipPlanner(dev.cortado.control.planning.MipBackend.SCIP, limit).plan(problem);
    Plan greedy = new GreedyPlanner().plan(problem);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(scenario, minute, perMinute[minute], problem, exact, greedy));
    } else {
      print(out, scenario, minute, perMinute[minute], problem, exact, greedy);
    }
    out.flush();
    return exact.status().hasSolution() ? 0 : 2;
  }

  private int minute(double[] perMinute, Scenario scenario) {
    if (at == null) {
      int best = 0;
      for (int i = 1; i < perMinute.length; i++) {
        if (perMinute[i] > perMinute[best]) {
          best = i;
        }
      }
      return best;
    }
    long m;
    try {
      m = ScenarioLoader.parseDuration(at, "--at").toMinutes();
    } catch (ScenarioException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (m < 0 || m >= perMinute.length) {
      throw new ParameterException(spec.commandLine(), "--at " + at + " is outside the window of " + scenario.window().length());
    }
    return (int) m;
  }

  private PlanningProblem problem(Scenario scenario, List<VariantSetup> variants, double rate) {
    double shares = scenario.classes().stream().mapToDouble(dev.cortado.sim.scenario.RequestClass::share).sum();
    List<RequestClass> classes = scenario.classes().stream()
        .map(c -> new RequestClass(c.name(), c.task(), c.sloMs(), c.minAccuracy(), rate * c.share() / shares))
        .toList();
    List<PlanningVariant> planning = new ArrayList<>();
    int maxBatch = 1;
    for (VariantSetup v : variants) {
      planning.add(new PlanningVariant(v.variant(), v.task(), v.accuracy(), v.profiles()));
      maxBatch = Math.max(maxBatch, v.maxBatch());
    }
    return new PlanningProblem(classes, planning, scenario.cost(), new Budget(scenario.cluster().coreBudget(), Long.MAX_VALUE),
        headroom, maxBatch);
  }

  private static void print(PrintWriter out, Scenario scenario, int minute, double rate, PlanningProblem problem, Plan exact,
      Plan greedy) {
    out.printf(Locale.ROOT, "scenario %s, minute %d of the window: %.1f requests/s over %d class(es), %d-core budget, headroom %.2f%n",
        scenario.name(), minute, rate, problem.classes().size(), problem.budget().cores(), problem.headroom());
    out.printf(Locale.ROOT, "exact plan: %s, gap %s, solved in %d ms, %.4f USD/hour, %d cores%n", exact.status(),
        Double.isNaN(exact.report().gap()) ? "-" : String.format(Locale.ROOT, "%.2g", exact.report().gap()),
        exact.report().solveTime().toMillis(), exact.costPerHour(), exact.cores());
    for (Allocation a : exact.allocations()) {
      out.printf(Locale.ROOT, "  %-22s %d thread(s) x %d instance(s), batch cap %s%n", a.variant(), a.size().threads(),
          a.instances(), exact.batchCaps().getOrDefault(a.variant(), 0));
    }
    for (Route r : exact.routes()) {
      out.printf(Locale.ROOT, "  class %-12s -> %-22s %.1f requests/s%n", r.requestClass(), r.variant(), r.ratePerSecond());
    }
    List<String> broken = exact.violations(problem);
    out.println(broken.isEmpty() ? "  every constraint holds (checked apart from the solver)" : "  VIOLATED: " + broken);
    out.printf(Locale.ROOT, "greedy heuristic: %s, %.4f USD/hour, %d cores (%+.1f %% against the exact plan)%n", greedy.status(),
        greedy.costPerHour(), greedy.cores(),
        exact.costPerHour() > 0 ? 100 * (greedy.costPerHour() - exact.costPerHour()) / exact.costPerHour() : 0.0);
  }

  private static String toJson(Scenario scenario, int minute, double rate, PlanningProblem problem, Plan exact, Plan greedy) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", scenario.name());
    root.put("minute", minute);
    root.put("rate_per_second", rate);
    root.set("plan", plan(exact, problem));
    root.set("greedy", plan(greedy, problem));
    return root.toString();
  }

  private static ObjectNode plan(Plan p, PlanningProblem problem) {
    ObjectNode o = JSON.createObjectNode();
    o.put("status", p.status().name());
    o.put("gap", p.report().gap());
    o.put("solve_ms", p.report().solveTime().toNanos() / 1e6);
    o.put("cost_per_hour", p.costPerHour());
    o.put("cores", p.cores());
    ArrayNode allocations = o.putArray("allocations");
    for (Allocation a : p.allocations()) {
      allocations.addObject().put("variant", a.variant()).put("threads", a.size().threads()).put("instances", a.instances())
          .put("batch_cap", p.batchCaps().getOrDefault(a.variant(), 0));
    }
    ArrayNode routes = o.putArray("routes");
    for (Route r : p.routes()) {
      routes.addObject().put("class", r.requestClass()).put("variant", r.variant()).put("rate_per_second", r.ratePerSecond());
    }
    ArrayNode violations = o.putArray("violations");
    p.violations(problem).forEach(violations::add);
    return o;
  }
}
