package dev.cortado.control.planning;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The planning MIP on one {@link MPSolver}; docs/planning.md derives it. An option o is a (variant v,
 * size s, batch cap b), for the caps {@link UsefulCaps} keeps. Variables, named by index so that no
 * two share a name (CBC aborts the JVM on a duplicate):
 *
 * <ul>
 *   <li>{@code n[o]} integer: instances of o; {@code u[o]} binary: o is deployed
 *       ({@code u[o] ≤ n[o] ≤ ub(o) · u[o]});
 *   <li>{@code y[v,b]} binary: v's batch cap is b ({@code u[o] ≤ y[v,b]}, {@code Σ_b y[v,b] ≤ 1});
 *   <li>{@code x[c,o]} continuous in [0, 1]: the share of class c's traffic o's instances serve, for o
 *       within c's SLO; {@code Σ_o x[c,o] = 1} and
 *       {@code Σ_c x[c,o] · rate(c) · headroom / throughput(o) ≤ n[o]} (capacity in instances, so
 *       that every coefficient is of order one: in req/s, CBC's LP saw dual infeasibilities of 1e13);
 *   <li>{@code z[c,v]} binary: c uses v ({@code Σ_{o of v} x[c,o] ≤ z[c,v]}), and
 *       {@code z[c,v] + u[o'] ≤ 1} for every option o' of v outside c's SLO: a variant's instances
 *       share its queue, so every size it runs must answer every class it serves in time.
 * </ul>
 *
 * Minimise {@code Σ_o price(o) · 3600 · n[o]} within the core and memory budgets.
 */
final class PlanningMip {
  private final PlanningProblem problem;
  private final MPSolver solver;
  private final List<ServingOption> options = new ArrayList<>();
  private final List<Integer> variantOf = new ArrayList<>();
  private final List<MPVariable> n = new ArrayList<>();
  private final List<MPVariable> u = new ArrayList<>();
  private final Map<String, MPVariable> y = new HashMap<>();
  private final Map<String, MPVariable> x = new HashMap<>();

  PlanningMip(PlanningProblem problem, MPSolver solver) {
    this.problem = problem;
    this.solver = solver;
  }

  /** Builds the model; false when some class with traffic has no option that could serve it. */
  boolean build() {
    addInstanceVariables();
    List<RequestClass> classes = problem.classes();
    for (int ci = 0; ci < classes.size(); ci++) {
      if (classes.get(ci).ratePerSecond() > 0 && !addClass(ci)) {
        return false;
      }
    }
    addCapacity();
    addBudgetsAndObjective();
    return true;
  }

  /** Demand, routes and SLO exclusions of class ci; false when nothing may serve it. */
  private boolean addClass(int ci) {
    RequestClass c = problem.classes().get(ci);
    MPConstraint demand = solver.makeConstraint(1, 1, "demand_c" + ci);
    boolean servable = false;
    for (int vi = 0; vi < problem.variants().size(); vi++) {
      if (!problem.variants().get(vi).eligibleFor(c)) {
        continue;
      }
      MPVariable zcv = null;
      MPConstraint uses = null;
      for (int oi = 0; oi < options.size(); oi++) {
        if (variantOf.get(oi) != vi || !options.get(oi).meetsSlo(c)) {
          continue;
        }
        if (zcv == null) {
          zcv = solver.makeBoolVar("z_c" + ci + "_v" + vi);
          uses = solver.makeConstraint(-MPSolver.infinity(), 0, "uses_c" + ci + "_v" + vi);
          uses.setCoefficient(zcv, -1);
        }
        MPVariable xco = solver.makeNumVar(0, 1, "x_c" + ci + "_o" + oi);
        x.put(ci + "/" + oi, xco);
        demand.setCoefficient(xco, 1);
        uses.setCoefficient(xco, 1);
        servable = true;
      }
      if (zcv == null) {
        continue;
      }
      for (int oi = 0; oi < options.size(); oi++) {
        if (variantOf.get(oi) == vi && !options.get(oi).meetsSlo(c)) {
          MPConstraint exclusive = solver.makeConstraint(-MPSolver.infinity(), 1, "slo_c" + ci + "_o" + oi);
          exclusive.setCoefficient(zcv, 1);
          exclusive.setCoefficient(u.get(oi), 1);
        }
      }
    }
    return servable;
  }

  /** Instances of o (fractional) that all of class c's traffic takes, with headroom. */
  private double instancesFor(RequestClass c, ServingOption o) {
    return c.ratePerSecond() * problem.headroom() / o.throughputPerSecond();
  }

  /** n, u and y for every option that could serve some class with traffic, bounded by demand and budget. */
  private void addInstanceVariables() {
    List<PlanningVariant> variants = problem.variants();
    List<Integer> batches = problem.batchSizes();
    for (int vi = 0; vi < variants.size(); vi++) {
      PlanningVariant v = variants.get(vi);
      MPConstraint oneCap = solver.makeConstraint(-MPSolver.infinity(), 1, "one_cap_v" + vi);
      List<Integer> useful = UsefulCaps.of(problem, v);
      for (int bi = 0; bi < batches.size(); bi++) {
        if (!useful.contains(batches.get(bi))) {
          continue;
        }
        MPVariable yvb = null;
        for (int pi = 0; pi < v.profiles().size(); pi++) {
          ServingOption o = new ServingOption(v, v.profiles().get(pi), batches.get(bi));
          long ub = upperBound(o);
          if (ub == 0) {
            continue;
          }
          if (yvb == null) {
            yvb = solver.makeBoolVar("y_v" + vi + "_b" + bi);
            y.put(vi + "/" + batches.get(bi), yvb);
            oneCap.setCoefficient(yvb, 1);
          }
          String id = "_v" + vi + "_p" + pi + "_b" + bi;
          MPVariable nvar = solver.makeIntVar(0, ub, "n" + id);
          MPVariable uvar = solver.makeBoolVar("u" + id);
          MPConstraint atMost = solver.makeConstraint(-MPSolver.infinity(), 0, "deployed_max" + id);
          atMost.setCoefficient(nvar, 1);
          atMost.setCoefficient(uvar, -ub);
          MPConstraint atLeast = solver.makeConstraint(0, MPSolver.infinity(), "deployed_min" + id);
          atLeast.setCoefficient(nvar, 1);
          atLeast.setCoefficient(uvar, -1);
          MPConstraint underCap = solver.makeConstraint(-MPSolver.infinity(), 0, "under_cap" + id);
          underCap.setCoefficient(uvar, 1);
          underCap.setCoefficient(yvb, -1);
          options.add(o);
          variantOf.add(vi);
          n.add(nvar);
          u.add(uvar);
        }
      }
    }
  }

  /** The most instances of o any optimum needs: all the traffic it could serve, within budget. */
  private long upperBound(ServingOption o) {
    double servable = problem.classes().stream().filter(o::serves).mapToDouble(RequestClass::ratePerSecond).sum();
    long ub = (long) Math.ceil(servable * problem.headroom() / o.throughputPerSecond() - 1e-9);
    ub = Math.min(ub, problem.budget().cores() / o.threads());
    if (o.memoryBytes() > 0) {
      ub = Math.min(ub, problem.budget().memoryBytes() / o.memoryBytes());
    }
    return Math.max(0, ub);
  }

  private void addCapacity() {
    for (int oi = 0; oi < options.size(); oi++) {
      MPConstraint capacity = solver.makeConstraint(-MPSolver.infinity(), 0, "capacity_o" + oi);
      capacity.setCoefficient(n.get(oi), -1);
      for (int ci = 0; ci < problem.classes().size(); ci++) {
        MPVariable xco = x.get(ci + "/" + oi);
        if (xco != null) {
          capacity.setCoefficient(xco, instancesFor(problem.classes().get(ci), options.get(oi)));
        }
      }
    }
  }

  /** The budget constraints (only where the bounds on n do not already imply them) and the cost. */
  private void addBudgetsAndObjective() {
    long maxCores = 0;
    double maxGib = 0;
    for (int oi = 0; oi < options.size(); oi++) {
      maxCores += (long) n.get(oi).ub() * options.get(oi).threads();
      maxGib += n.get(oi).ub() * gib(options.get(oi).memoryBytes());
    }
    MPConstraint cores = maxCores > problem.budget().cores()
        ? solver.makeConstraint(-MPSolver.infinity(), problem.budget().cores(), "budget_cores") : null;
    MPConstraint memory = maxGib > gib(problem.budget().memoryBytes())
        ? solver.makeConstraint(-MPSolver.infinity(), gib(problem.budget().memoryBytes()), "budget_memory") : null;
    for (int oi = 0; oi < options.size(); oi++) {
      ServingOption o = options.get(oi);
      if (cores != null) {
        cores.setCoefficient(n.get(oi), o.threads());
      }
      if (memory != null) {
        memory.setCoefficient(n.get(oi), gib(o.memoryBytes()));
      }
      solver.objective().setCoefficient(n.get(oi), o.pricePerSecond(problem.prices()) * 3600);
    }
    solver.objective().setMinimization();
  }

  /** Starts the search from a feasible plan (the greedy one). */
  void hint(Plan plan) {
    List<MPVariable> vars = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    double[] counts = new double[options.size()];
    Map<Integer, Double> capacityOfVariant = new HashMap<>();
    for (int oi = 0; oi < options.size(); oi++) {
      ServingOption o = options.get(oi);
      Integer cap = plan.batchCaps().get(o.variant().name());
      counts[oi] = cap != null && cap == o.batch() ? plan.instances(o.variant().name(), o.size()) : 0;
      capacityOfVariant.merge(variantOf.get(oi), counts[oi] * o.throughputPerSecond(), Double::sum);
      add(vars, values, n.get(oi), counts[oi]);
      add(vars, values, u.get(oi), counts[oi] > 0 ? 1 : 0);
    }
    for (int vi = 0; vi < problem.variants().size(); vi++) {
      String name = problem.variants().get(vi).name();
      for (int b : problem.batchSizes()) {
        MPVariable yvb = y.get(vi + "/" + b);
        if (yvb != null) {
          add(vars, values, yvb, Integer.valueOf(b).equals(plan.batchCaps().get(name)) ? 1 : 0);
        }
      }
    }
    for (int ci = 0; ci < problem.classes().size(); ci++) {
      for (int oi = 0; oi < options.size(); oi++) {
        MPVariable xco = x.get(ci + "/" + oi);
        double capacity = capacityOfVariant.getOrDefault(variantOf.get(oi), 0.0);
        if (xco != null && capacity > 0) {
          double share = counts[oi] * options.get(oi).throughputPerSecond() / capacity;
          RequestClass c = problem.classes().get(ci);
          add(vars, values, xco, share * plan.rate(c.name(), options.get(oi).variant().name()) / c.ratePerSecond());
        }
      }
    }
    solver.setHint(vars.toArray(MPVariable[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void add(List<MPVariable> vars, List<Double> values, MPVariable var, double value) {
    vars.add(var);
    values.add(value);
  }

  /** The plan the solver's current solution describes, with costs recomputed from rounded counts. */
  Plan extract(SolveReport report) {
    List<Allocation> allocations = new ArrayList<>();
    Map<String, Integer> caps = new HashMap<>();
    double cost = 0;
    for (int oi = 0; oi < options.size(); oi++) {
      int count = (int) Math.round(n.get(oi).solutionValue());
      if (count > 0) {
        ServingOption o = options.get(oi);
        allocations.add(new Allocation(o.variant().name(), o.size(), count));
        caps.put(o.variant().name(), o.batch());
        cost += count * o.pricePerSecond(problem.prices()) * 3600;
      }
    }
    Map<String, Double> rates = new HashMap<>();
    List<Route> routes = new ArrayList<>();
    for (int ci = 0; ci < problem.classes().size(); ci++) {
      String c = problem.classes().get(ci).name();
      for (int oi = 0; oi < options.size(); oi++) {
        MPVariable xco = x.get(ci + "/" + oi);
        if (xco != null && xco.solutionValue() > 1e-9) {
          double rate = xco.solutionValue() * problem.classes().get(ci).ratePerSecond();
          rates.merge(c + "\u0000" + options.get(oi).variant().name(), rate, Double::sum);
        }
      }
      for (PlanningVariant v : problem.variants()) {
        Double rate = rates.get(c + "\u0000" + v.name());
        if (rate != null) {
          routes.add(new Route(c, v.name(), rate));
        }
      }
    }
    return new Plan(allocations, caps, routes, cost, report);
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }
}
