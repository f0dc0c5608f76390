package dev.cortado.control.planning;

import dev.cortado.core.profile.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch caps worth considering for a variant. Cap b is dominated by cap b' when, at every size
 * the variant has a profile for, b' sustains at least b's throughput and answers within the SLO of
 * every class (with traffic, eligible) that b does: a plan running the variant at b runs at b' with
 * the same instances and routes, no dearer and still feasible. Of caps equal in both respects the
 * largest is kept. Dropping the rest is exact and leaves the MIP far fewer options: within most SLOs,
 * only the caps at which some class stops fitting remain.
 */
final class UsefulCaps {
  private UsefulCaps() {}

  static List<Integer> of(PlanningProblem problem, PlanningVariant variant) {
    List<Integer> batches = problem.batchSizes();
    List<Integer> useful = new ArrayList<>();
    for (int b : batches) {
      boolean dominated = false;
      for (int other : batches) {
        if (other != b && atLeastAsGood(problem, variant, other, b) && (other > b || !atLeastAsGood(problem, variant, b, other))) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        useful.add(b);
      }
    }
    return useful;
  }

  /** Whether cap {@code a} is at least as good as cap {@code b} at every size. */
  private static boolean atLeastAsGood(PlanningProblem problem, PlanningVariant variant, int a, int b) {
    for (Profile p : variant.profiles()) {
      ServingOption at = new ServingOption(variant, p, a);
      ServingOption bt = new ServingOption(variant, p, b);
      if (at.throughputPerSecond() < bt.throughputPerSecond()) {
        return false;
      }
      for (RequestClass c : problem.classes()) {
        if (c.ratePerSecond() > 0 && bt.serves(c) && !at.serves(c)) {
          return false;
        }
      }
    }
    return true;
  }
}
