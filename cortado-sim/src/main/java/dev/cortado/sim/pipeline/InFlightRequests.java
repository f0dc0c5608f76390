package dev.cortado.sim.pipeline;

import java.util.Arrays;

/**
 * The pipeline requests in flight, by a small integer id that rides in each stage's queue as the
 * request's tag: when each arrived, how many stage visits it has under way, how many sinks it has
 * still to leave, whether a stage refused or shed it, and per fan-in stage how many predecessors
 * it still waits for. Ids are reused once a request is done, so the arrays grow with the requests
 * in flight at once, not with the run. Not thread-safe: it lives on the run's event loop.
 */
final class InFlightRequests {
  private final int stages;
  private final int sinks;
  private final int[] predecessors;
  private long[] arrival = new long[64];
  private int[] visits = new int[64];
  private int[] sinksLeft = new int[64];
  private boolean[] failed = new boolean[64];
  private int[] waiting;
  private int[] free = new int[64];
  private int freeCount;
  private int next;
  private int live;

  InFlightRequests(PipelineGraph graph) {
    this.stages = graph.size();
    this.sinks = graph.sinks();
    this.predecessors = new int[stages];
    for (int s = 0; s < stages; s++) {
      predecessors[s] = graph.predecessors(s);
    }
    this.waiting = new int[64 * stages];
  }

  /** A new request that arrived at {@code arrivalNanos}; returns its id. */
  int open(long arrivalNanos) {
    int id;
    if (freeCount > 0) {
      id = free[--freeCount];
    } else {
      id = next++;
      if (id == arrival.length) {
        grow();
      }
    }
    arrival[id] = arrivalNanos;
    visits[id] = 0;
    sinksLeft[id] = sinks;
    failed[id] = false;
    System.arraycopy(predecessors, 0, waiting, id * stages, stages);
    live++;
    return id;
  }

  private void grow() {
    int n = arrival.length * 2;
    arrival = Arrays.copyOf(arrival, n);
    visits = Arrays.copyOf(visits, n);
    sinksLeft = Arrays.copyOf(sinksLeft, n);
    failed = Arrays.copyOf(failed, n);
    waiting = Arrays.copyOf(waiting, n * stages);
    free = Arrays.copyOf(free, n);
  }

  /** Forgets request {@code id}; its id may be handed out again. */
  void close(int id) {
    free[freeCount++] = id;
    live--;
  }

  /** Requests opened and not closed. */
  int live() {
    return live;
  }

  long arrival(int id) {
    return arrival[id];
  }

  void visitStarted(int id) {
    visits[id]++;
  }

  /** One of its stage visits ended; returns the visits still under way. */
  int visitEnded(int id) {
    return --visits[id];
  }

  boolean failed(int id) {
    return failed[id];
  }

  void fail(int id) {
    failed[id] = true;
  }

  /** It left a sink; returns how many sinks it has still to leave. */
  int sinkLeft(int id) {
    return --sinksLeft[id];
  }

  /** A predecessor of {@code stage} finished it; returns how many {@code stage} still waits for. */
  int predecessorDone(int id, int stage) {
    return --waiting[id * stages + stage];
  }
}
