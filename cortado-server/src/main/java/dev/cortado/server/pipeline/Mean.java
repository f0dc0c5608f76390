package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.util.List;

/**
 * The elementwise mean of one or more FP32 inputs of the same shape: the fan-in of an ensemble
 * (summed in double, in input order). Output {@code mean}, of the inputs' shape.
 */
record Mean() implements ProcessingStep {
  static final String OUTPUT = "mean";

  @Override
  public String name() {
    return "mean";
  }

  @Override
  public List<TensorSpec> outputs(List<TensorSpec> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("step mean takes one or more inputs, got none");
    }
    TensorSpec first = inputs.getFirst();
    for (TensorSpec in : inputs) {
      ProcessingStep.requireFp32(name(), in);
      if (!TensorShapes.compatible(in.shape(), first.shape())) {
        throw new IllegalArgumentException("step mean takes inputs of one shape; '" + first.name() + "' is " + first.shape()
            + " and '" + in.name() + "' is " + in.shape());
      }
    }
    return List.of(new TensorSpec(OUTPUT, first.datatype(), TensorShapes.narrowest(inputs.stream().map(TensorSpec::shape).toList())));
  }

  @Override
  public List<Tensor> apply(List<Tensor> inputs) {
    Tensor first = inputs.getFirst();
    double[] sum = new double[(int) first.elementCount()];
    for (Tensor in : inputs) {
      if (!in.shape().equals(first.shape())) {
        throw new IllegalArgumentException("step mean takes inputs of one shape; '" + first.name() + "' is " + first.shape()
            + " and '" + in.name() + "' is " + in.shape());
      }
      float[] x = Fp32.read(in);
      for (int i = 0; i < x.length; i++) {
        sum[i] += x[i];
      }
    }
    float[] out = new float[sum.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (sum[i] / inputs.size());
    }
    return List.of(Fp32.tensor(OUTPUT, first.shape(), out));
  }
}
