package dev.cortado.sim.scenario;

import java.math.BigDecimal;

/** A scale factor as a short label for names and folders: 200 → "200", 0.5 → "0.5". */
final class ScaleLabel {
  private ScaleLabel() {}

  static String of(double scale) {
    return BigDecimal.valueOf(scale).stripTrailingZeros().toPlainString();
  }
}
