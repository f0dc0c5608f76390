package dev.cortado.cli.bench;

import dev.cortado.sim.trace.ArrivalStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a running server through a {@link Transport}. Open loop: Poisson arrivals at a rate, each
 * request's latency counted from when it was due (so a slow server cannot slow the load down and
 * hide its queueing). Closed loop: N callers, each sending its next request when the last is
 * answered. Bounded by time and by a cap on requests in flight, so it always stops by itself. The
 * transport is the caller's: one generator per measured period, the same transport for all.
 */
final class LoadGenerator {
  private final Transport transport;
  private final List<ClassStats> stats;
  private final double[] cumulativeWeight;
  private final Random random;

  LoadGenerator(Transport transport, List<RequestClass> classes, long seed) {
    this.transport = transport;
    this.stats = classes.stream().map(ClassStats::new).toList();
    this.random = new Random(seed);
    this.cumulativeWeight = new double[classes.size()];
    double total = classes.stream().mapToDouble(RequestClass::weight).sum();
    double acc = 0;
    for (int i = 0; i < classes.size(); i++) {
      acc += classes.get(i).weight() / total;
      cumulativeWeight[i] = acc;
    }
  }

  List<ClassStats> stats() {
    return stats;
  }

  /** Poisson arrivals at {@code rate} per second for {@code duration}; at most {@code maxInFlight} outstanding. */
  void openLoop(double rate, Duration duration, int maxInFlight) {
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
      int c = pickClass(random);
      if (!inFlight.tryAcquire()) {
        stats.get(c).sent();
        stats.get(c).failed(Outcome.NOT_SENT);
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

  /**
   * Arrivals at the times {@code arrivals} gives (nanoseconds after the start, a scenario's trace
   * window), until it runs out; at most {@code maxInFlight} outstanding.
   */
  void replay(ArrivalStream arrivals, int maxInFlight) {
    Semaphore inFlight = new Semaphore(maxInFlight);
    long start = System.nanoTime();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (long at = arrivals.nextNanos(); at >= 0; at = arrivals.nextNanos()) {
      long due = start + at;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int c = pickClass(random);
      if (!inFlight.tryAcquire()) {
        stats.get(c).sent();
        stats.get(c).failed(Outcome.NOT_SENT);
        continue;
      }
      pending.add(send(c, due).whenComplete((r, e) -> inFlight.release()));
      if (pending.size() > 10_000) {
        pending.removeIf(CompletableFuture::isDone);
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  /** {@code concurrency} callers back to back for {@code duration}. */
  void closedLoop(int concurrency, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        Random own = new Random(random.nextLong());
        callers.execute(() -> {
          while (System.nanoTime() < end) {
            send(pickClass(own), System.nanoTime()).join();
          }
        });
      }
    }
  }

  private int pickClass(Random r) {
    double u = r.nextDouble();
    for (int i = 0; i < cumulativeWeight.length; i++) {
      if (u < cumulativeWeight[i]) {
        return i;
      }
    }
    return cumulativeWeight.length - 1;
  }

  private CompletableFuture<Void> send(int c, long dueNanos) {
    ClassStats s = stats.get(c);
    s.sent();
    CompletableFuture<Outcome> sent;
    try {
      sent = transport.send(c);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((outcome, e) -> {
      long latency = System.nanoTime() - dueNanos;
      switch (e != null ? new Outcome.Failed(Outcome.NO_ANSWER) : outcome) {
        case Outcome.Answered a -> s.answered(latency, a.variant(), a.accuracy(), a.costUsd(), a.serverMs());
        case Outcome.Failed f -> s.failed(f.code());
      }
      return null;
    });
  }
}
