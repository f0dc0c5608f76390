package dev.cortado.server.routing;

import dev.cortado.control.cost.CostModel;
import dev.cortado.control.selection.Candidate;
import dev.cortado.control.selection.Query;
import dev.cortado.control.selection.Selection;
import dev.cortado.control.selection.SelectionContext;
import dev.cortado.control.selection.VariantSelector;
import dev.cortado.core.cluster.ClusterStatus;
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
 *
 * <p>Every query it sends is counted by its class ({@link RequestClasses}), which the autoscaler
 * learns from. A class the autoscaler moved onto another variant (consolidation) goes there while
 * that variant can take it now (the selector, asked about it alone, chooses it); otherwise, as every
 * other class, wherever the selector sends it.
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
  private final RequestClasses classes;

  public TaskRouter(LocalCluster cluster, ProfileBook profiles, VariantSelector selector, CostModel cost,
      RequestClasses classes) {
    this.cluster = cluster;
    this.profiles = profiles;
    this.selector = selector;
    this.cost = cost;
    this.classes = classes;
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
    ClusterStatus status = cluster.status();
    Optional<RequestClasses.Key> cls = RequestClasses.Key.of(query);
    Selection selection = cls.flatMap(k -> moved(k, query, candidates, status, now))
        .orElseGet(() -> selector.select(query, SelectionContext.of(candidates, status, cost), now));
    String variant = switch (selection) {
      case Selection.Chosen c -> c.variant();
      case Selection.ColdStart c -> c.variant();
      case Selection.Infeasible i -> throw i.toError();
      case Selection.Overloaded o -> throw o.toError();
    };
    ModelVersion chosen = versions.stream().filter(v -> v.name().equals(variant)).findFirst().orElseThrow();
    cls.ifPresent(k -> classes.record(k, variant));
    return new Routed(chosen, selection);
  }

  /** Where the autoscaler moved the query's class, if it did and that variant can take the query now. */
  private Optional<Selection> moved(RequestClasses.Key key, Query query, List<Candidate> candidates, ClusterStatus status,
      Instant now) {
    return classes.routeOf(key)
        .flatMap(to -> candidates.stream().filter(c -> c.variant().equals(to)).findFirst())
        .map(to -> selector.select(query, SelectionContext.of(List.of(to), status, cost), now))
        .flatMap(s -> s instanceof Selection.Chosen c
            ? Optional.of(new Selection.Chosen(c.variant(), c.predictedLatencyMs(), c.queueMs(), c.costPer1k(),
                "its request class was moved here by the autoscaler; " + c.reason()))
            : Optional.empty());
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
