package dev.cortado.control.scaling;

import java.util.Map;

/**
 * A scaling policy that also says how each request class's traffic is to be split over the
 * variants (a plan's routes), for a router that can follow it; a router that cannot, or a class
 * the policy says nothing about, is left to the variant selector.
 */
public interface RoutingPolicy {
  /**
   * The split as of the last decision: per class name, per variant, the share of the class's
   * traffic (the shares of a class add up to 1). Empty before the first decision.
   */
  Map<String, Map<String, Double>> routes();

  /** A number that changes whenever {@link #routes()} does, so a router can keep what it derived from them. */
  long routesVersion();
}
