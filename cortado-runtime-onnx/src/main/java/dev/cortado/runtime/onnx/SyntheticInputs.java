package dev.cortado.runtime.onnx;

import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic inputs for a model's signature: the same seed, signature and batch size give the
 * same bytes. Dimension 0 is the batch when the model is batched; other variable dimensions are 1.
 * Floating-point values are uniform in [-1, 1), integers in [0, 10) (safe as indices and ids),
 * booleans either, strings eight lowercase letters.
 */
final class SyntheticInputs {
  private SyntheticInputs() {}

  /**
   * One tensor per declared input.
   *
   * @param batched whether dimension 0 is the batch (the model's max batch size is above 0)
   */
  static List<Tensor> of(ModelSignature signature, boolean batched, int batchSize, long seed) {
    List<Tensor> out = new ArrayList<>(signature.inputs().size());
    for (int i = 0; i < signature.inputs().size(); i++) {
      TensorSpec spec = signature.inputs().get(i);
      Shape shape = shape(spec.shape(), batched, batchSize);
      SplittableRandom random = new SplittableRandom(seed * 31 + i * 1_000_003L + batchSize);
      out.add(tensor(spec, shape, random));
    }
    return out;
  }

  static Shape shape(Shape declared, boolean batched, int batchSize) {
    long[] dims = declared.toArray();
    for (int d = 0; d < dims.length; d++) {
      if (d == 0 && batched) {
        dims[d] = batchSize;
      } else if (dims[d] == Shape.VARIABLE) {
        dims[d] = 1;
      }
    }
    return Shape.of(dims);
  }

  private static Tensor tensor(TensorSpec spec, Shape shape, SplittableRandom random) {
    int n = Math.toIntExact(shape.elementCount());
    Datatype type = spec.datatype();
    if (type == Datatype.BYTES) {
      List<byte[]> elements = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        byte[] word = new byte[8];
        for (int c = 0; c < word.length; c++) {
          word[c] = (byte) ('a' + random.nextInt(26));
        }
        elements.add(word);
      }
      return Tensor.ofBytes(spec.name(), shape, elements);
    }
    ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(n, type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < n; k++) {
      switch (type) {
        case BOOL -> buf.put((byte) random.nextInt(2));
        case UINT8, INT8 -> buf.put((byte) random.nextInt(10));
        case UINT16, INT16 -> buf.putShort((short) random.nextInt(10));
        case UINT32, INT32 -> buf.putInt(random.nextInt(10));
        case UINT64, INT64 -> buf.putLong(random.nextInt(10));
        case FP16 -> buf.putShort(Float.floatToFloat16(uniform(random)));
        case BF16 -> buf.putShort((short) (Float.floatToIntBits(uniform(random)) >>> 16));
        case FP32 -> buf.putFloat(uniform(random));
        case FP64 -> buf.putDouble(uniform(random));
        case BYTES -> throw new IllegalStateException("BYTES is handled above");
      }
    }
    return Tensor.of(spec.name(), type, shape, buf.flip());
  }

  private static float uniform(SplittableRandom random) {
    return (float) (random.nextDouble() * 2 - 1);
  }
}
