package dev.cortado.control.scaling;

import dev.cortado.control.forecast.Forecaster;
import dev.cortado.control.forecast.RateHistory;
import java.util.List;
import java.util.Objects;

/**
 * What Cortado's autoscaler knows of one variant: the sizes it may run at, how its load is
 * forecast, the load it saw before the autoscaler started, and its bounds.
 *
 * @param variant the model name
 * @param sizes the sizes measured for it (at least one)
 * @param forecaster how its arrival rate is forecast (an oracle's knows the future)
 * @param history per-step arrival rates seen before now (may be empty); its step is the
 *     forecaster's step
 * @param maxInstances never more
 * @param sloMs the latency objective its instances are sized for; answers that take nearly this long
 *     on average mean it has too few instances, whatever the rates say; infinite: not watched
 */
public record ForecastedVariant(String variant, List<SizeOption> sizes, Forecaster forecaster, RateHistory history,
    int maxInstances, double sloMs) {
  public ForecastedVariant {
    Objects.requireNonNull(variant, "variant");
    sizes = List.copyOf(sizes);
    Objects.requireNonNull(forecaster, "forecaster");
    Objects.requireNonNull(history, "history");
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("variant " + variant + " has no size to run at");
    }
    if (maxInstances < 1) {
      throw new IllegalArgumentException("maxInstances of " + variant + " = " + maxInstances + ", must be at least 1");
    }
    if (!(sloMs > 0)) {
      throw new IllegalArgumentException("sloMs of " + variant + " = " + sloMs + ", must be > 0 (infinite: not watched)");
    }
  }

  /** A variant whose latency is not watched: its instances follow the rates alone. */
  public ForecastedVariant(String variant, List<SizeOption> sizes, Forecaster forecaster, RateHistory history, int maxInstances) {
    this(variant, sizes, forecaster, history, maxInstances, Double.POSITIVE_INFINITY);
  }
}
