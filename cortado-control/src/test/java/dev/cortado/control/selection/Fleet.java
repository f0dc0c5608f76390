package dev.cortado.control.selection;

import dev.cortado.control.TestProfiles;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The variants of the selection tests. Task "fashion", max batch 8, Cloud Run prices:
 *
 * <pre>
 *   variant  accuracy  threads  memory    cold start  p50(1)  p99(1)  cost per 1k (batch 1)
 *   small    0.85      1        256 MiB     300 ms     2 ms    3 ms   0.00004925
 *   medium   0.90      1        512 MiB     600 ms     5 ms    8 ms   0.00012625
 *   large    0.92      2       1024 MiB    1500 ms    12 ms   20 ms   0.000606
 * </pre>
 *
 * Batch 8 takes four times batch 1 (see {@link TestProfiles}).
 */
final class Fleet {
  static final String TASK = "fashion";

  static final Candidate SMALL = candidate("small", 0.85, 1, 256, 300, 2, 3);
  static final Candidate MEDIUM = candidate("medium", 0.90, 1, 512, 600, 5, 8);
  static final Candidate LARGE = candidate("large", 0.92, 2, 1024, 1500, 12, 20);
  static final List<Candidate> FASHION = List.of(SMALL, MEDIUM, LARGE);

  /** Same profile and accuracy, names in reverse order: only the name can break the tie. */
  static final List<Candidate> TWINS = List.of(candidate("twin-b", 0.9, 1, 512, 600, 5, 8), candidate("twin-a", 0.9, 1, 512, 600, 5, 8));

  /** Same profile, different accuracy: the more accurate wins the cost tie. */
  static final List<Candidate> SAME_COST = List.of(candidate("plain", 0.80, 1, 512, 600, 5, 8), candidate("better", 0.88, 1, 512, 600, 5, 8));

  private Fleet() {}

  static Candidate candidate(String name, double accuracy, int threads, long memoryMib, double coldMs, double p50, double p99) {
    return new Candidate(name, TASK, accuracy, 8, TestProfiles.profile(name, threads, memoryMib, coldMs, p50, p99));
  }

  static VariantLoad ready(String variant, int instances, int outstanding) {
    return new VariantLoad(variant, instances, 0, outstanding);
  }

  static VariantLoad starting(String variant, int instances, int outstanding) {
    return new VariantLoad(variant, 0, instances, outstanding);
  }

  static Map<String, VariantLoad> loads(VariantLoad... loads) {
    return Arrays.stream(loads).collect(Collectors.toMap(VariantLoad::variant, Function.identity()));
  }

  /** One idle READY instance of each. */
  static Map<String, VariantLoad> allReady(List<Candidate> candidates) {
    return loads(candidates.stream().map(c -> ready(c.variant(), 1, 0)).toArray(VariantLoad[]::new));
  }

  static Query query() {
    return Query.forTask(TASK);
  }
}
