package dev.cortado.server.routing;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.selection.Candidate;
import dev.cortado.control.selection.Query;
import dev.cortado.control.selection.Selection;
import dev.cortado.control.selection.SelectionContext;
import dev.cortado.control.selection.VariantSelector;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.profile.Profile;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.repository.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Model-less queries (INFaaS): a request that names a task instead of a model gets the variant a
 * {@link VariantSelector} picks for its requirements ({@code latency_slo_ms}, {@code min_accuracy},
 * {@code max_cost_per_1k}, or the schedule policy's {@code timeout}), from the variants' profiles
 * and the cluster's live state. The selector decides; this class gathers its inputs and acts.
 */
public final class TaskRouter {
  public static final String LATENCY_SLO_MS = "latency_slo_ms";
  public static final String MIN_ACCURACY = "min_accuracy";
  public static final String MAX_COST_PER_1K = "max_cost_per_1k";
  public static final String TIMEOUT_US = "timeout";

  private final LocalCluster cluster;
  private final ProfileBook profiles;
  private final VariantSelector selector;
  private final CostModel cost;

  public TaskRouter(LocalCluster cluster, ProfileBook profiles, VariantSelector selector, CostModel cost) {
    this.cluster = cluster;
    this.profiles = profiles;
    this.selector = selector;
    this.cost = cost;
  }

  public VariantSelector selector() {
    return selector;
  }

  /** The tasks the serving variants declare. */
  public Set<String> tasks() {
    Set<String> tasks = new TreeSet<>();
    cluster.servingVersions().forEach(mv -> mv.config().task().ifPresent(tasks::add));
    return tasks;
  }

  public boolean isTask(String name) {
    for (ModelVersion mv : cluster.servingVersions()) {
      if (mv.config().task().filter(name::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Picks the variant for a query on a task.
   *
   * @throws CortadoException INVALID_ARGUMENT for bad parameters or a query no variant can ever
   *     meet (naming the nearest), RESOURCE_EXHAUSTED when none can meet it under the current load
   */
  public Routed route(String task, Parameters parameters, Instant now) {
    Query query = query(task, parameters);
    List<Candidate> candidates = new ArrayList<>();
    List<ModelVersion> versions = new ArrayList<>();
    for (ModelVersion mv : cluster.servingVersions()) {
      if (mv.config().task().filter(task::equals).isEmpty()) {
        continue;
      }
      Optional<Profile> profile = profiles.of(mv);
      if (profile.isEmpty()) {
        continue;
      }
      candidates.add(new Candidate(mv.name(), task, mv.config().accuracyValue().orElse(0),
          Math.max(1, mv.config().maxBatchSize()), profile.get()));
      versions.add(mv);
    }
    if (candidates.isEmpty()) {
      throw CortadoException.unavailable("task '%s' has no profiled variant ready to serve", task);
    }
    Selection selection = selector.select(query, SelectionContext.of(candidates, cluster.status(), cost), now);
    String variant = switch (selection) {
      case Selection.Chosen c -> c.variant();
      case Selection.ColdStart c -> c.variant();
      case Selection.Infeasible i -> throw i.toError();
      case Selection.Overloaded o -> throw o.toError();
    };
    ModelVersion chosen = versions.stream().filter(v -> v.name().equals(variant)).findFirst().orElseThrow();
    return new Routed(chosen, selection);
  }

  static Query query(String task, Parameters p) {
    OptionalDouble slo = LatencyBudget.ms(p);
    OptionalDouble accuracy = p.getDouble(MIN_ACCURACY);
    if (accuracy.isPresent() && !(accuracy.getAsDouble() >= 0 && accuracy.getAsDouble() <= 1)) {
      throw CortadoException.invalidArgument("%s = %s, must be in [0, 1]", MIN_ACCURACY, accuracy.getAsDouble());
    }
    OptionalDouble maxCost = p.getDouble(MAX_COST_PER_1K);
    if (maxCost.isPresent() && !(maxCost.getAsDouble() >= 0)) {
      throw CortadoException.invalidArgument("%s = %s, must be >= 0", MAX_COST_PER_1K, maxCost.getAsDouble());
    }
    return new Query(task, slo, accuracy, maxCost);
  }

  /** The variant a query goes to, and why. */
  public record Routed(ModelVersion model, Selection selection) {}
}
