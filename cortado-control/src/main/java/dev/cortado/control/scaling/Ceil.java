package dev.cortado.control.scaling;

/**
 * Rounding a wanted number of instances up, forgiving floating-point error: 2.0000000000000004
 * instances are 2, not 3.
 */
final class Ceil {
  private static final double TOLERANCE = 1e-9;

  private Ceil() {}

  static int of(double instances) {
    return (int) Math.ceil(instances - TOLERANCE);
  }
}
