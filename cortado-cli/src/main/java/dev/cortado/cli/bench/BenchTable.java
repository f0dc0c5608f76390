package dev.cortado.cli.bench;

import java.io.PrintWriter;
import java.util.List;

/** The bench report as a table. */
final class BenchTable {
  private BenchTable() {}

  /**
   * @param errorCodes what the error counts are keyed by ({@link Transport#errorCodes()}); -1 is
   *     always "not sent: --max-in-flight reached" and 0 "no answer"
   */
  static void print(PrintWriter out, List<ClassStats.Summary> rows, String mode, double seconds, String errorCodes) {
    out.printf("%s for %.0f s%n", mode, seconds);
    out.printf("%-12s %-22s %8s %8s %8s %9s %9s %8s %8s %8s %8s %8s %10s  %s%n",
        "class", "target", "slo ms", "sent", "req/s", "goodput/s", "attain %", "p50 ms", "p90 ms", "p99 ms", "p99.9", "accuracy",
        "usd/1k", "errors by " + errorCodes + " / variants");
    for (ClassStats.Summary s : rows) {
      out.printf("%-12s %-22s %8s %8d %8.1f %9.1f %9.2f %8.2f %8.2f %8.2f %8.2f %8s %10s  %s %s%n",
          s.name(), s.target(), Double.isInfinite(s.sloMs()) ? "-" : String.format("%.1f", s.sloMs()), s.sent(), s.throughput(),
          s.goodput(), s.sloAttainment() * 100, s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(),
          Double.isNaN(s.meanAccuracy()) ? "-" : String.format("%.4f", s.meanAccuracy()),
          Double.isNaN(s.costPer1k()) ? "-" : String.format("%.6f", s.costPer1k()), s.errors(), s.variants());
    }
  }
}
