package dev.cortado.sim.cluster;

/**
 * The cores the simulated instances compute on. A batch started while busy instances want more
 * threads than there are cores runs slower by their ratio: {@code wanted / cores}, as threads
 * time-share the cores (the contention measured on the real machine; see docs/simulator.md).
 */
public final class Machine {
  private final int cores;
  private int busyThreads;

  public Machine(int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores = " + cores + ", must be at least 1");
    }
    this.cores = cores;
  }

  public int cores() {
    return cores;
  }

  /** Marks {@code threads} busy and returns the slow-down factor (≥ 1) of the batch starting now. */
  double begin(int threads) {
    busyThreads += threads;
    return Math.max(1.0, (double) busyThreads / cores);
  }

  void end(int threads) {
    busyThreads -= threads;
  }

  public int busyThreads() {
    return busyThreads;
  }
}
