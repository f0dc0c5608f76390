package dev.cortado.core.model;

import java.util.Objects;

/**
 * The size of one model instance: the intra-op threads its session computes with (the vertical
 * scaling knob) and the device it runs on.
 */
public record InstanceSize(int threads, Device device) {
  public InstanceSize {
    Objects.requireNonNull(device, "device");
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", must be at least 1");
    }
  }

  public static InstanceSize cpu(int threads) {
    return new InstanceSize(threads, Device.CPU);
  }
}
