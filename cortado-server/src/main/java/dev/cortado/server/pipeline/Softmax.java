package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.util.List;

/**
 * Softmax over the last axis: {@code exp(x_i - max) / sum_j exp(x_j - max)} per row, computed in
 * double (subtracting the row's maximum keeps large logits finite). Input any name; output
 * {@code probabilities}, of the input's shape.
 */
record Softmax() implements ProcessingStep {
  static final String OUTPUT = "probabilities";

  @Override
  public String name() {
    return "softmax";
  }

  @Override
  public List<TensorSpec> outputs(List<TensorSpec> inputs) {
    ProcessingStep.requireOne(name(), inputs);
    TensorSpec in = inputs.getFirst();
    return List.of(new TensorSpec(OUTPUT, in.datatype(), in.shape()));
  }

  @Override
  public List<Tensor> apply(List<Tensor> inputs) {
    Tensor in = inputs.getFirst();
    float[] x = Fp32.read(in);
    int width = Fp32.lastAxis(in.shape());
    float[] out = new float[x.length];
    for (int row = 0; width > 0 && row < x.length / width; row++) {
      int from = row * width;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < width; i++) {
        max = Math.max(max, x[from + i]);
      }
      double sum = 0;
      double[] e = new double[width];
      for (int i = 0; i < width; i++) {
        e[i] = Math.exp(x[from + i] - max);
        sum += e[i];
      }
      for (int i = 0; i < width; i++) {
        out[from + i] = (float) (e[i] / sum);
      }
    }
    return List.of(Fp32.tensor(OUTPUT, in.shape(), out));
  }
}
