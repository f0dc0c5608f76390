package dev.cortado.runtime.onnx;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.Profile;

/**
 * Hears the {@link Profiler}'s progress, one call per step of {@link ProfilePlan#steps}. Called on
 * the profiling thread; a listener that draws must be quick.
 */
public interface ProfileListener {

  /** Hears nothing. */
  ProfileListener NONE = new ProfileListener() {};

  /** The cold starts of one instance size are done. */
  default void instanceMeasured(VariantSpec variant, InstanceSize size, double coldStartMs, long memoryBytes) {}

  /** One point (instance size, batch size) is done. */
  default void pointMeasured(VariantSpec variant, InstanceSize size, BatchLatency latency) {}

  /** One profile (variant and instance size) is done; not a progress step of its own. */
  default void profiled(Profile profile) {}
}
