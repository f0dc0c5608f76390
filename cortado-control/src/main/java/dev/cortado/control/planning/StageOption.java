package dev.cortado.control.planning;

import dev.cortado.core.model.InstanceSize;
import java.util.Objects;

/**
 * One configuration of a pipeline stage: instances of {@code size} running batches of {@code batch}
 * that take {@code latencyMs} each.
 *
 * @param size the instance size; its threads are the cores one instance takes
 * @param batch the batch size
 * @param latencyMs how long a batch takes (a profiled quantile)
 */
public record StageOption(InstanceSize size, int batch, double latencyMs) {
  public StageOption {
    Objects.requireNonNull(size, "size");
    if (batch < 1) {
      throw new IllegalArgumentException("batch = " + batch + ", must be at least 1");
    }
    if (!(latencyMs > 0) || !Double.isFinite(latencyMs)) {
      throw new IllegalArgumentException("latencyMs = " + latencyMs + ", must be a finite number > 0");
    }
  }

  /** Instances for a throughput of at least {@code ratePerSecond}: {@code n · b / latency ≥ λ}. */
  public int instancesFor(double ratePerSecond) {
    return Math.max(1, (int) Math.ceil(ratePerSecond * latencyMs / (1000.0 * batch) - 1e-9));
  }

  /** Cores those instances take. */
  public int coresFor(double ratePerSecond) {
    return instancesFor(ratePerSecond) * size.threads();
  }

  /** A request's time in this stage at that rate, FA2's: the batch's latency plus {@code (b − 1) / λ} to fill it. */
  public double delayMs(double ratePerSecond) {
    return latencyMs + (batch - 1) * 1000.0 / ratePerSecond;
  }
}
