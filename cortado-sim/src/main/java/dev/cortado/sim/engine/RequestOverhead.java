package dev.cortado.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The time a request spends outside the queue and the model's run, at one load: the transport, the
 * server's hand-offs between threads, the client's own work, all on the measured machine. It is
 * measured, not assumed: {@code cortado bench --overhead-out FILE} records, for every answered
 * request, the client's latency minus the server's reported {@code queue_ms} and {@code compute_ms},
 * and keeps the distribution as quantiles; {@link RequestOverheads} holds one per measured rate.
 *
 * @param description where and how it was measured
 * @param transport {@code rest} or {@code grpc}
 * @param ratePerSecond the request rate it was measured at (the overhead grows with the load on a
 *     small machine, so measure it near the rate it will model)
 * @param requests how many answered requests the quantiles come from
 * @param probabilities increasing, from 0 to 1 inclusive
 * @param valuesMs the overhead at each probability, non-decreasing, non-negative
 */
public record RequestOverhead(String description, String transport, double ratePerSecond, long requests,
    double[] probabilities, double[] valuesMs) {
  public RequestOverhead {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(transport, "transport");
    probabilities = probabilities.clone();
    valuesMs = valuesMs.clone();
    if (probabilities.length < 2 || probabilities.length != valuesMs.length) {
      throw new IllegalArgumentException("request overhead needs at least 2 quantiles with one value each, got "
          + probabilities.length + " probabilities and " + valuesMs.length + " values");
    }
    if (probabilities[0] != 0 || probabilities[probabilities.length - 1] != 1) {
      throw new IllegalArgumentException("request overhead quantiles must run from probability 0 to 1, got "
          + probabilities[0] + " .. " + probabilities[probabilities.length - 1]);
    }
    for (int i = 0; i < valuesMs.length; i++) {
      if (!(valuesMs[i] >= 0) || (i > 0 && (probabilities[i] <= probabilities[i - 1] || valuesMs[i] < valuesMs[i - 1]))) {
        throw new IllegalArgumentException("request overhead quantile " + i + " (p=" + probabilities[i] + ", "
            + valuesMs[i] + " ms) breaks the order: probabilities must increase and values be >= 0 and non-decreasing");
      }
    }
  }

  /** One draw, in nanoseconds. */
  public long drawNanos(SplittableRandom random) {
    return Math.round(quantileMs(random.nextDouble()) * 1e6);
  }

  /** The overhead at probability {@code p} (0..1), linear between the stored quantiles. */
  public double quantileMs(double p) {
    int i = Arrays.binarySearch(probabilities, p);
    if (i >= 0) {
      return valuesMs[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    double f = (p - probabilities[lo]) / (probabilities[hi] - probabilities[lo]);
    return valuesMs[lo] + f * (valuesMs[hi] - valuesMs[lo]);
  }

  /** This level as a JSON object: where it comes from, and one {@code {p, ms}} object per quantile. */
  ObjectNode toJson(ObjectNode node) {
    node.put("description", description);
    node.put("transport", transport);
    node.put("rate_per_second", ratePerSecond);
    node.put("requests", requests);
    ArrayNode q = node.putArray("quantiles");
    for (int i = 0; i < probabilities.length; i++) {
      q.addObject().put("p", probabilities[i]).put("ms", Math.round(valuesMs[i] * 1e4) / 1e4);
    }
    return node;
  }

  /** A level read back from {@link #toJson}. */
  static RequestOverhead fromJson(JsonNode node) {
    JsonNode q = node.path("quantiles");
    double[] p = new double[q.size()];
    double[] v = new double[q.size()];
    for (int i = 0; i < q.size(); i++) {
      p[i] = q.get(i).path("p").asDouble(Double.NaN);
      v[i] = q.get(i).path("ms").asDouble(Double.NaN);
    }
    return new RequestOverhead(node.path("description").asText(""), node.path("transport").asText(""),
        node.path("rate_per_second").asDouble(Double.NaN), node.path("requests").asLong(), p, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestOverhead r && description.equals(r.description) && transport.equals(r.transport)
        && Double.compare(ratePerSecond, r.ratePerSecond) == 0 && requests == r.requests
        && Arrays.equals(probabilities, r.probabilities) && Arrays.equals(valuesMs, r.valuesMs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(description, transport, ratePerSecond, requests, Arrays.hashCode(probabilities),
        Arrays.hashCode(valuesMs));
  }

  @Override
  public String toString() {
    return "RequestOverhead[" + transport + " at " + ratePerSecond + "/s, " + requests + " requests, p50 "
        + quantileMs(0.5) + " ms, p99 " + quantileMs(0.99) + " ms]";
  }
}
