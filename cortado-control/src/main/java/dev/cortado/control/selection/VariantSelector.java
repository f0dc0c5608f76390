package dev.cortado.control.selection;

import java.time.Instant;

/**
 * Chooses the variant that answers a query. A pure function of the query, the context and
 * {@code now}: it reads no clock, keeps no state between calls and does no I/O.
 */
public interface VariantSelector {
  /**
   * @param query what the caller asks
   * @param context candidates, their load now, prices and free cores
   * @param now the moment of the decision (the loads are observed at it)
   */
  Selection select(Query query, SelectionContext context, Instant now);

  /** The name configuration uses for it ({@link Selectors#byName}). */
  String name();
}
