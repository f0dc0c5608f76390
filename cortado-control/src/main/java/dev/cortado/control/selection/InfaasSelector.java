package dev.cortado.control.selection;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * INFaaS's published rule (Romero et al., USENIX ATC 2021; stanford-mast/INFaaS), the baseline
 * Cortado's rule is compared against. It reads the same estimates as {@link CortadoSelector}.
 *
 * <ol>
 *   <li>Filter on accuracy, the cost ceiling and {@code lat(1) <= SLO} (the profile's p99 here):
 *       nothing left is {@link Selection.Infeasible}, as for Cortado.
 *   <li>Among loaded (READY) variants that are not overloaded, the one with the least slack
 *       ({@code SLO - predicted latency}): INFaaS packs work on the slowest variant that still fits.
 *       INFaaS marks a replica overloaded when its observed latency runs past its profile; with only
 *       queue state here, overloaded means the predicted latency with the queue exceeds the SLO.
 *       Without an SLO every slack is infinite and ties go to the more accurate, then the name.
 *   <li>Else the unloaded variant with the smallest load plus inference latency, started even when
 *       its cold start misses the SLO (INFaaS loads it anyway), provided it can start now.
 *   <li>Else {@link Selection.Overloaded}.
 * </ol>
 *
 * <p>Cost plays no part beyond the ceiling.
 */
public final class InfaasSelector implements VariantSelector {
  public static final String NAME = "infaas";

  private static final Comparator<Estimate> MORE_ACCURATE_THEN_NAME =
      Comparator.comparingDouble(Estimate::accuracy).reversed().thenComparing(Estimate::variant);

  /** Least slack first: the largest predicted latency. */
  private static final Comparator<Estimate> LEAST_SLACK =
      Comparator.comparingDouble(Estimate::predictedMs).reversed().thenComparing(MORE_ACCURATE_THEN_NAME);

  /** Smallest load plus inference latency first. */
  private static final Comparator<Estimate> QUICKEST_TO_LOAD =
      Comparator.comparingDouble(Estimate::predictedMs).thenComparing(MORE_ACCURATE_THEN_NAME);

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
    List<Estimate> loaded = screening.feasible().stream().filter(e -> e.ready() && e.fitsNow(query)).toList();
    if (!loaded.isEmpty()) {
      Comparator<Estimate> order = query.latencySloMs().isPresent() ? LEAST_SLACK : MORE_ACCURATE_THEN_NAME;
      Estimate e = loaded.stream().min(order).orElseThrow();
      return new Selection.Chosen(e.variant(), e.predictedMs(), e.queueMs(), e.costPer1k(),
          "least slack of " + loaded.size() + " loaded variant(s) not overloaded for " + screening.describe());
    }
    Optional<Estimate> unloaded = screening.feasible().stream().filter(e -> !e.ready() && e.startable()).min(QUICKEST_TO_LOAD);
    if (unloaded.isPresent()) {
      Estimate e = unloaded.get();
      String miss = query.withinSlo(e.predictedMs()) ? "" : " (its cold start misses the SLO)";
      return new Selection.ColdStart(e.variant(), e.predictedMs(), e.coldStartMs(), e.costPer1k(),
          "no loaded variant fits " + screening.describe() + "; smallest load plus inference latency" + miss);
    }
    return screening.overloaded("every loaded variant is overloaded and no unloaded one can start");
  }

  @Override
  public String name() {
    return NAME;
  }
}
