package dev.cortado.server.conformance;

import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.testing.FashionMnist;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

/** Requests the suite sends: Fashion-MNIST images for the bundled models. */
final class Requests {
  private Requests() {}

  static float[] images(FashionMnist data, int first, int count) {
    float[] out = new float[count * FashionMnist.PIXELS];
    for (int i = 0; i < count; i++) {
      System.arraycopy(data.image(first + i), 0, out, i * FashionMnist.PIXELS, FashionMnist.PIXELS);
    }
    return out;
  }

  static Tensor fp32(String name, float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return Tensor.of(name, Datatype.FP32, Shape.of(shape), b.flip());
  }

  static Tensor imageBatch(FashionMnist data, int first, int count) {
    return fp32("image", images(data, first, count), count, 1, 28, 28);
  }

  static InferenceRequest infer(String model, Tensor... inputs) {
    return new InferenceRequest(model, Optional.empty(), Optional.empty(), Parameters.empty(), List.of(inputs), List.of());
  }

  static InferenceRequest infer(String model, Optional<String> version, Optional<String> id, List<String> outputs, Tensor... inputs) {
    return new InferenceRequest(model, version, id, Parameters.empty(), List.of(inputs),
        outputs.stream().map(RequestedOutput::named).toList());
  }

  static float[] floats(Tensor t) {
    ByteBuffer b = t.data();
    float[] out = new float[(int) t.elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }
}
