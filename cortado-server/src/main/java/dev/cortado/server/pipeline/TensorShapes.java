package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.Shape;
import java.util.List;

/** Shape checks between specs, where {@code -1} is a dimension not known until a request comes. */
final class TensorShapes {
  private TensorShapes() {}

  /** Whether two spec shapes can hold the same tensor: the same rank, and each dimension equal or variable in one. */
  static boolean compatible(Shape a, Shape b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int i = 0; i < a.rank(); i++) {
      if (a.dim(i) != Shape.VARIABLE && b.dim(i) != Shape.VARIABLE && a.dim(i) != b.dim(i)) {
        return false;
      }
    }
    return true;
  }

  /** What compatible shapes say together: each dimension known where any of them knows it. */
  static Shape narrowest(List<Shape> shapes) {
    long[] dims = shapes.getFirst().toArray();
    for (Shape s : shapes) {
      for (int i = 0; i < dims.length; i++) {
        if (dims[i] == Shape.VARIABLE) {
          dims[i] = s.dim(i);
        }
      }
    }
    return Shape.of(dims);
  }
}
