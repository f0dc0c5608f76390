package dev.cortado.control.selection;

import dev.cortado.control.cost.CostModel;
import dev.cortado.core.profile.Profile;

/**
 * What one more request to a candidate would see now. Both selectors read the same estimates, so
 * comparing them compares their rules and nothing else.
 *
 * <p>Latency: {@code computeMs} is the profile's p99 at batch 1 (SLOs are judged on the tail).
 * {@code queueMs} drains the work ahead of the request: {@code n = ceil(outstanding / instances)}
 * requests on the instance it joins, served in batches of up to the variant's max batch size at the
 * median latency of each batch; with a max batch of 1 this is {@code n * latency(1, p50)}. A variant
 * with READY instances spreads the queue over them; one with none pays its cold start first, and, when
 * an instance is already starting, the queue that waits for it.
 *
 * <p>Cost: per request at batch 1 (a request served alone), so a ceiling holds even when no batch
 * forms; batching only lowers it.
 *
 * @param candidate the variant
 * @param load its load now
 * @param computeMs p99 latency of a batch of one
 * @param queueMs the work ahead of the request on the instance it joins
 * @param coldStartMs the cold start it waits for, 0 when an instance is READY
 * @param costPer1k cost of a thousand requests served alone
 * @param startable READY, or an instance already starting, or enough free cores to start one
 */
record Estimate(Candidate candidate, VariantLoad load, double computeMs, double queueMs, double coldStartMs, double costPer1k,
    boolean startable) {

  static Estimate of(Candidate candidate, VariantLoad load, CostModel cost, int freeCores) {
    Profile profile = candidate.profile();
    double compute = profile.latencyMs(1, 0.99);
    double costPer1k = cost.costPer1k(profile, 1);
    int ready = load.readyInstances();
    int starting = load.startingInstances();
    if (ready > 0) {
      return new Estimate(candidate, load, compute, drainMs(candidate, load.outstandingRequests(), ready), 0, costPer1k, true);
    }
    double queue = starting > 0 ? drainMs(candidate, load.outstandingRequests(), starting) : 0;
    boolean startable = starting > 0 || freeCores >= candidate.threads();
    return new Estimate(candidate, load, compute, queue, profile.coldStartMs(), costPer1k, startable);
  }

  /** Time to serve {@code ceil(outstanding / instances)} requests in batches of up to the max batch size. */
  static double drainMs(Candidate candidate, int outstanding, int instances) {
    int ahead = (outstanding + instances - 1) / instances;
    int maxBatch = candidate.maxBatchSize();
    int fullBatches = ahead / maxBatch;
    int rest = ahead % maxBatch;
    Profile profile = candidate.profile();
    double ms = fullBatches == 0 ? 0 : fullBatches * profile.latencyMs(maxBatch, 0.5);
    return rest == 0 ? ms : ms + profile.latencyMs(rest, 0.5);
  }

  String variant() {
    return candidate.variant();
  }

  double accuracy() {
    return candidate.accuracy();
  }

  boolean ready() {
    return load.readyInstances() > 0;
  }

  /** Cold start, queue and compute: when the answer would arrive. */
  double predictedMs() {
    return coldStartMs + queueMs + computeMs;
  }

  /** Whether it could meet the query's SLO with an empty queue and no cold start. */
  boolean everFits(Query query) {
    return query.withinSlo(computeMs);
  }

  /** Whether it meets the query's SLO now: startable, with queue and any cold start. */
  boolean fitsNow(Query query) {
    return startable && query.withinSlo(predictedMs());
  }
}
