package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code k} largest values along the last axis, largest first (a tie goes to the lower index),
 * with their indices and, when the step names its classes, their labels.
 *
 * <p>{@code top_k} keeps the axis: {@code indices} INT64, {@code scores} FP32 and {@code labels}
 * BYTES, each {@code [..., k]}. {@code argmax} is {@code k = 1} without the axis: {@code index},
 * {@code score} and {@code label}, each {@code [...]}.
 *
 * @param k how many to keep (1 for argmax)
 * @param classes the label of each position along the last axis; empty: no label output
 * @param argmax whether this is {@code argmax} (k = 1, the last axis dropped)
 */
record TopK(int k, List<String> classes, boolean argmax) implements ProcessingStep {

  TopK {
    classes = List.copyOf(classes);
    if (k < 1) {
      throw new IllegalArgumentException("k = " + k + ", must be 1 or more");
    }
    if (argmax && k != 1) {
      throw new IllegalArgumentException("argmax keeps k = 1, got " + k);
    }
  }

  static TopK argmax(List<String> classes) {
    return new TopK(1, classes, true);
  }

  @Override
  public String name() {
    return argmax ? "argmax" : "top_k";
  }

  List<String> outputNames() {
    List<String> names = new ArrayList<>(argmax ? List.of("index", "score") : List.of("indices", "scores"));
    if (!classes.isEmpty()) {
      names.add(argmax ? "label" : "labels");
    }
    return names;
  }

  @Override
  public List<TensorSpec> outputs(List<TensorSpec> inputs) {
    ProcessingStep.requireOne(name(), inputs);
    TensorSpec in = inputs.getFirst();
    long width = in.shape().dim(in.shape().rank() - 1);
    if (width != Shape.VARIABLE) {
      checkWidth(in.name(), width);
    }
    Shape shape = argmax ? Fp32.dropLast(in.shape()) : Fp32.withLast(in.shape(), k);
    List<String> names = outputNames();
    List<TensorSpec> out = new ArrayList<>(List.of(new TensorSpec(names.get(0), Datatype.INT64, shape),
        new TensorSpec(names.get(1), Datatype.FP32, shape)));
    if (!classes.isEmpty()) {
      out.add(new TensorSpec(names.get(2), Datatype.BYTES, shape));
    }
    return out;
  }

  private void checkWidth(String input, long width) {
    if (k > width) {
      throw new IllegalArgumentException("step " + name() + " keeps k = " + k + " but input '" + input + "' has " + width
          + " along its last axis");
    }
    if (!classes.isEmpty() && classes.size() != width) {
      throw new IllegalArgumentException("step " + name() + " names " + classes.size() + " classes but input '" + input + "' has "
          + width + " along its last axis");
    }
  }

  @Override
  public List<Tensor> apply(List<Tensor> inputs) {
    Tensor in = inputs.getFirst();
    float[] x = Fp32.read(in);
    int width = Fp32.lastAxis(in.shape());
    checkWidth(in.name(), width);
    int rows = width == 0 ? 0 : x.length / width;
    long[] indices = new long[rows * k];
    float[] scores = new float[rows * k];
    List<byte[]> labels = new ArrayList<>(classes.isEmpty() ? 0 : rows * k);
    boolean[] taken = new boolean[width];
    for (int row = 0; row < rows; row++) {
      int from = row * width;
      java.util.Arrays.fill(taken, false);
      for (int j = 0; j < k; j++) {
        int best = -1;
        for (int i = 0; i < width; i++) {
          if (!taken[i] && (best < 0 || x[from + i] > x[from + best])) {
            best = i;
          }
        }
        taken[best] = true;
        indices[row * k + j] = best;
        scores[row * k + j] = x[from + best];
        if (!classes.isEmpty()) {
          labels.add(classes.get(best).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    Shape shape = argmax ? Fp32.dropLast(in.shape()) : Fp32.withLast(in.shape(), k);
    List<String> names = outputNames();
    List<Tensor> out = new ArrayList<>(List.of(Fp32.int64(names.get(0), shape, indices), Fp32.tensor(names.get(1), shape, scores)));
    if (!classes.isEmpty()) {
      out.add(Tensor.ofBytes(names.get(2), shape, labels));
    }
    return out;
  }
}
