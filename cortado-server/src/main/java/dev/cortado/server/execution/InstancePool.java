package dev.cortado.server.execution;

import dev.cortado.core.error.CortadoException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instances of one model version: those ready to take requests and how many are starting.
 * Requests go to the ready instance with the least outstanding work; a request that finds none may
 * wait for the next one to become ready (as Knative's activator buffers). Guard: the ready list is
 * copy-on-write; {@link #lock} orders additions against waiters.
 */
public final class InstancePool {
  private final String variant;
  private final String version;
  private final List<ModelInstance> ready = new CopyOnWriteArrayList<>();
  private final AtomicInteger starting = new AtomicInteger();
  private final AtomicInteger sequence = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final List<CompletableFuture<ModelInstance>> waiters = new ArrayList<>();

  public InstancePool(String variant, String version) {
    this.variant = variant;
    this.version = version;
  }

  public String variant() {
    return variant;
  }

  public String version() {
    return version;
  }

  /** The next instance number, for ids. */
  public int nextIndex() {
    return sequence.getAndIncrement();
  }

  public List<ModelInstance> ready() {
    return List.copyOf(ready);
  }

  public int readyCount() {
    return ready.size();
  }

  public int startingCount() {
    return starting.get();
  }

  /** Requests accepted by this version's instances and not yet answered. */
  public int outstanding() {
    int sum = 0;
    for (ModelInstance i : ready) {
      sum += i.outstanding();
    }
    return sum;
  }

  public void markStarting() {
    starting.incrementAndGet();
  }

  /** A start failed or was given up. */
  public void startFailed(CortadoException cause) {
    starting.decrementAndGet();
    lock.lock();
    try {
      if (starting.get() == 0 && ready.isEmpty()) {
        waiters.forEach(w -> w.completeExceptionally(cause));
        waiters.clear();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A started instance is ready: it takes requests, and waiters get it. */
  public void started(ModelInstance instance) {
    starting.decrementAndGet();
    add(instance);
  }

  /** Adds an instance loaded outside a start (at repository load). */
  public void add(ModelInstance instance) {
    lock.lock();
    try {
      ready.add(instance);
      waiters.forEach(w -> w.complete(instance));
      waiters.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Takes an instance out of rotation; the caller drains and closes it. */
  public boolean remove(ModelInstance instance) {
    return ready.remove(instance);
  }

  /** The ready instance with the least outstanding work, if any; none that began closing. */
  public java.util.Optional<ModelInstance> leastLoaded() {
    ModelInstance best = null;
    for (ModelInstance i : ready) {
      if (!i.isClosing() && (best == null || i.outstanding() < best.outstanding())) {
        best = i;
      }
    }
    return java.util.Optional.ofNullable(best);
  }

  /** Completes with a ready instance now or when the next one is ready. */
  public CompletableFuture<ModelInstance> awaitInstance() {
    lock.lock();
    try {
      java.util.Optional<ModelInstance> now = leastLoaded();
      if (now.isPresent()) {
        return CompletableFuture.completedFuture(now.get());
      }
      CompletableFuture<ModelInstance> f = new CompletableFuture<>();
      waiters.add(f);
      return f;
    } finally {
      lock.unlock();
    }
  }

  /** Removes every instance, for unloading; returns them to be drained. */
  public List<ModelInstance> drainAll() {
    lock.lock();
    try {
      List<ModelInstance> all = List.copyOf(ready);
      ready.clear();
      CortadoException gone = CortadoException.unavailable("model '%s' version %s is unloading", variant, version);
      waiters.forEach(w -> w.completeExceptionally(gone));
      waiters.clear();
      return all;
    } finally {
      lock.unlock();
    }
  }
}
