package dev.cortado.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a running server over REST. Open loop: Poisson arrivals at a rate, each request's latency
 * counted from when it was due (so a slow server cannot slow the load down and hide its queueing).
 * Closed loop: N callers, each sending its next request when the last is answered. Bounded by time
 * and by a cap on requests in flight, so it always stops by itself.
 */
final class LoadGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final List<RequestClass> classes;
  private final List<byte[]> bodies;
  private final List<ClassStats> stats;
  private final double[] cumulativeWeight;
  private final HttpClient http;
  private final Random random;

  LoadGenerator(String baseUrl, List<RequestClass> classes, List<byte[]> bodies, long seed) {
    this.baseUrl = baseUrl;
    this.classes = List.copyOf(classes);
    this.bodies = List.copyOf(bodies);
    this.stats = classes.stream().map(ClassStats::new).toList();
    this.random = new Random(seed);
    this.cumulativeWeight = new double[classes.size()];
    double total = classes.stream().mapToDouble(RequestClass::weight).sum();
    double acc = 0;
    for (int i = 0; i < classes.size(); i++) {
      acc += classes.get(i).weight() / total;
      cumulativeWeight[i] = acc;
    }
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  List<ClassStats> stats() {
    return stats;
  }

  private int pickClass() {
    double u = random.nextDouble();
    for (int i = 0; i < cumulativeWeight.length; i++) {
      if (u < cumulativeWeight[i]) {
        return i;
      }
    }
    return cumulativeWeight.length - 1;
  }

  /** Poisson arrivals at {@code rate} per second for {@code duration}; at most {@code maxInFlight} outstanding. */
  void openLoop(double rate, Duration duration, int maxInFlight) throws InterruptedException {
    Semaphore inFlight = new Semaphore(maxInFlight);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    double next = start;
    List<CompletableFuture<?>> pending = new ArrayList<>();
    while (true) {
      next += -Math.log(1 - random.nextDouble()) / rate * 1e9;
      if (next >= end) {
        break;
      }
      long wait = (long) next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int c = pickClass();
      if (!inFlight.tryAcquire()) {
        stats.get(c).sent();
        stats.get(c).failed(-1);
        continue;
      }
      CompletableFuture<?> f = send(c, (long) next).whenComplete((r, e) -> inFlight.release());
      pending.add(f);
      if (pending.size() > 10_000) {
        pending.removeIf(CompletableFuture::isDone);
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  /** {@code concurrency} callers back to back for {@code duration}. */
  void closedLoop(int concurrency, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        Random own = new Random(random.nextLong());
        callers.execute(() -> {
          while (System.nanoTime() < end) {
            send(pickClassWith(own), System.nanoTime()).join();
          }
        });
      }
    }
  }

  private int pickClassWith(Random r) {
    double u = r.nextDouble();
    for (int i = 0; i < cumulativeWeight.length; i++) {
      if (u < cumulativeWeight[i]) {
        return i;
      }
    }
    return cumulativeWeight.length - 1;
  }

  private CompletableFuture<Void> send(int c, long dueNanos) {
    RequestClass rc = classes.get(c);
    ClassStats s = stats.get(c);
    s.sent();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/models/" + rc.target() + "/infer"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(c))).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
      long latency = System.nanoTime() - dueNanos;
      if (e != null) {
        s.failed(0);
      } else if (r.statusCode() != 200) {
        s.failed(r.statusCode());
      } else {
        record(s, latency, r.body());
      }
      return null;
    });
  }

  private static void record(ClassStats s, long latency, byte[] body) {
    String variant = null;
    double accuracy = Double.NaN;
    double cost = Double.NaN;
    try {
      JsonNode p = JSON.readTree(body).path("parameters");
      variant = p.path("variant").asText(null);
      accuracy = p.path("variant_accuracy").asDouble(Double.NaN);
      cost = p.path("cost_usd").asDouble(Double.NaN);
    } catch (IOException e) {
      // an answer without parameters still counts
    }
    s.answered(latency, variant, accuracy, cost);
  }

  void close() {
    http.close();
  }
}
