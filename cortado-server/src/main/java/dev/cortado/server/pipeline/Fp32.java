package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Reads and writes the tensors the processing steps work on: FP32 in, FP32 and INT64 out. */
final class Fp32 {
  private Fp32() {}

  static float[] read(Tensor t) {
    if (t.datatype() != Datatype.FP32) {
      throw new IllegalArgumentException("tensor '" + t.name() + "' is " + t.datatype() + ", not FP32");
    }
    FloatBuffer b = t.data().asFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  static Tensor tensor(String name, Shape shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return Tensor.of(name, Datatype.FP32, shape, b);
  }

  static Tensor int64(String name, Shape shape, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return Tensor.of(name, Datatype.INT64, shape, b);
  }

  /** The length of the last axis: the rows the steps work along. */
  static int lastAxis(Shape shape) {
    return (int) shape.dim(shape.rank() - 1);
  }

  /** The shape without its last axis. */
  static Shape dropLast(Shape shape) {
    long[] dims = shape.toArray();
    return Shape.of(java.util.Arrays.copyOf(dims, dims.length - 1));
  }

  /** The shape with its last axis set to {@code n}. */
  static Shape withLast(Shape shape, long n) {
    long[] dims = shape.toArray();
    dims[dims.length - 1] = n;
    return Shape.of(dims);
  }
}
