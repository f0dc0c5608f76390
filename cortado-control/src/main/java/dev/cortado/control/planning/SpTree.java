package dev.cortado.control.planning;

/**
 * A series-parallel expression of a pipeline: its end-to-end latency is a stage's delay
 * ({@link Leaf}), the sum of two parts' ({@link Series}), the larger of two parts' ({@link Parallel}),
 * or nothing ({@link Empty}, a plain edge). {@link Fa2Planner}'s DP runs over it.
 */
sealed interface SpTree {
  /** The stage at this index of the problem's stage list. */
  record Leaf(int stage) implements SpTree {}

  record Series(SpTree first, SpTree second) implements SpTree {}

  record Parallel(SpTree left, SpTree right) implements SpTree {}

  record Empty() implements SpTree {}

  static SpTree series(SpTree first, SpTree second) {
    if (first instanceof Empty) {
      return second;
    }
    return second instanceof Empty ? first : new Series(first, second);
  }

  /** An empty branch beside another adds nothing: delays are never negative. */
  static SpTree parallel(SpTree left, SpTree right) {
    if (left instanceof Empty) {
      return right;
    }
    return right instanceof Empty ? left : new Parallel(left, right);
  }
}
