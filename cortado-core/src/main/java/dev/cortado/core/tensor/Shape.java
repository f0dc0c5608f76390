package dev.cortado.core.tensor;

import java.util.Arrays;

/**
 * A tensor's dimensions. In a {@link TensorSpec} a dimension of {@code -1} is variable; in a
 * {@link Tensor} every dimension is known and non-negative. Immutable.
 */
public final class Shape {
  /** The marker of a variable dimension in a spec. */
  public static final long VARIABLE = -1;

  private final long[] dims;

  private Shape(long[] dims) {
    this.dims = dims;
  }

  public static Shape of(long... dims) {
    for (long d : dims) {
      if (d < VARIABLE) {
        throw new IllegalArgumentException("dimension " + d + " in " + Arrays.toString(dims) + " is negative");
      }
    }
    return new Shape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public long dim(int i) {
    return dims[i];
  }

  /** A copy of the dimensions. */
  public long[] toArray() {
    return dims.clone();
  }

  public boolean isConcrete() {
    for (long d : dims) {
      if (d == VARIABLE) {
        return false;
      }
    }
    return true;
  }

  /** The number of elements; -1 when a dimension is variable. */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      if (d == VARIABLE) {
        return -1;
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Whether this concrete shape fits a spec shape ({@code -1} there matches any size). */
  public boolean fits(Shape spec) {
    if (spec.dims.length != dims.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (spec.dims[i] != VARIABLE && spec.dims[i] != dims[i]) {
        return false;
      }
    }
    return true;
  }

  /** This shape with dimension 0 replaced. */
  public Shape withFirst(long first) {
    long[] copy = dims.clone();
    copy[0] = first;
    return new Shape(copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
