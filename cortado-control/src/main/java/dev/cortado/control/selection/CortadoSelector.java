package dev.cortado.control.selection;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cortado's rule: the cheapest variant that answers in time now.
 *
 * <ol>
 *   <li>Keep the task's variants with accuracy at or above the floor, cost per 1k at or below the
 *       ceiling, and p99 at batch 1 within the SLO. None: {@link Selection.Infeasible}, naming the
 *       nearest variant.
 *   <li>Of those, the variants with READY instances whose predicted latency (queue at the current
 *       load plus p99) fits the SLO: the cheapest per request; ties go to the more accurate, then the
 *       faster, then the name.
 *   <li>No READY variant fits: the cheapest cold variant (same ties) whose cold start plus p99 fits
 *       and that can start now (an instance already starting, or enough free cores):
 *       {@link Selection.ColdStart}.
 *   <li>Else {@link Selection.Overloaded}.
 * </ol>
 *
 * <p>A READY variant is preferred over a cheaper cold one even when the cheaper one's cold start
 * would fit: the cold start holds new cores for a single request and slows it, while the saving pays
 * off only if later requests follow. Whether they will is a forecast, so running the cheaper variant
 * is the planner's and the autoscaler's decision, not one request's; once it is READY this rule picks
 * it.
 */
public final class CortadoSelector implements VariantSelector {
  public static final String NAME = "cortado";

  private static final Comparator<Estimate> CHEAPEST = Comparator.comparingDouble(Estimate::costPer1k)
      .thenComparing(Comparator.comparingDouble(Estimate::accuracy).reversed())
      .thenComparingDouble(Estimate::predictedMs)
      .thenComparing(Estimate::variant);

  @Override
  public Selection select(Query query, SelectionContext context, Instant now) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(now, "now");
    Screening screening = Screening.of(query, context);
    Optional<Selection.Infeasible> infeasible = screening.infeasible();
    if (infeasible.isPresent()) {
      return infeasible.get();
    }
    List<Estimate> fitting = screening.feasible().stream().filter(e -> e.fitsNow(query)).toList();
    List<Estimate> ready = fitting.stream().filter(Estimate::ready).toList();
    if (!ready.isEmpty()) {
      Estimate e = ready.stream().min(CHEAPEST).orElseThrow();
      return new Selection.Chosen(e.variant(), e.predictedMs(), e.queueMs(), e.costPer1k(),
          "cheapest of " + ready.size() + " READY variant(s) that fit " + screening.describe() + " under the current load");
    }
    Optional<Estimate> cold = fitting.stream().filter(e -> !e.ready()).min(CHEAPEST);
    if (cold.isPresent()) {
      Estimate e = cold.get();
      String how = e.load().startingInstances() > 0 ? "joins an instance already starting" : "starts an instance";
      return new Selection.ColdStart(e.variant(), e.predictedMs(), e.coldStartMs(), e.costPer1k(),
          "no READY variant fits " + screening.describe() + "; cheapest whose cold start fits, " + how);
    }
    return screening.overloaded("no READY variant fits and no cold start fits in time with the free cores");
  }

  @Override
  public String name() {
    return NAME;
  }
}
