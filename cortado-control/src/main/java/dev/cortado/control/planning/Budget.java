package dev.cortado.control.planning;

/**
 * What the cluster can hold at once: cores (one per intra-op thread of an instance) and memory.
 *
 * @param cores the most cores all instances together may take
 * @param memoryBytes the most memory all instances together may hold
 */
public record Budget(int cores, long memoryBytes) {
  public Budget {
    if (cores < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("budget (" + cores + " cores, " + memoryBytes + " bytes) must be >= 0");
    }
  }

  /** No limit worth stating. */
  public static Budget unlimited() {
    return new Budget(Integer.MAX_VALUE, Long.MAX_VALUE);
  }
}
