package dev.cortado.server.pipeline;

import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import java.util.List;

/**
 * A built-in processing step between a pipeline's model stages (Triton ensembles keep this in
 * Python backends; here it is plain Java over the project's tensors). A step says at load what it
 * makes of its inputs' specs, so that a pipeline is type-checked before it serves, and computes
 * exactly that at run time.
 */
sealed interface ProcessingStep permits Softmax, Mean, TopK {

  /** The name a pipeline config uses ({@code softmax}, {@code mean}, {@code top_k}, {@code argmax}). */
  String name();

  /**
   * The specs of the outputs this step makes from inputs of these specs, in the stage's input order.
   *
   * @throws IllegalArgumentException saying what the step needs when the inputs do not fit
   */
  List<TensorSpec> outputs(List<TensorSpec> inputs);

  /** Computes the outputs from inputs that fit {@link #outputs}' check, in the stage's input order. */
  List<Tensor> apply(List<Tensor> inputs);

  /** Every step takes FP32 tensors of rank 1 or more; the last axis is the one it works along. */
  static void requireFp32(String step, TensorSpec input) {
    if (input.datatype() != Datatype.FP32) {
      throw new IllegalArgumentException(
          "step " + step + " takes FP32, input '" + input.name() + "' is " + input.datatype());
    }
    if (input.shape().rank() < 1) {
      throw new IllegalArgumentException("step " + step + " needs a tensor of rank 1 or more, input '" + input.name() + "' is a scalar");
    }
  }

  static void requireOne(String step, List<TensorSpec> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("step " + step + " takes exactly one input, got " + inputs.size() + " "
          + inputs.stream().map(TensorSpec::name).toList());
    }
    requireFp32(step, inputs.getFirst());
  }
}
