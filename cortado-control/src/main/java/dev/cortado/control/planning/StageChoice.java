package dev.cortado.control.planning;

import java.util.Objects;

/** What a plan runs for one stage: {@code instances} instances in configuration {@code option}. */
public record StageChoice(String stage, StageOption option, int instances) {
  public StageChoice {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(option, "option");
    if (instances < 0) {
      throw new IllegalArgumentException("instances of " + stage + " = " + instances + ", must be >= 0");
    }
  }

  public int cores() {
    return instances * option.size().threads();
  }
}
