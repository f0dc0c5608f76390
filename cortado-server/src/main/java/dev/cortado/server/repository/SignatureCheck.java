package dev.cortado.server.repository;

import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.tensor.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks what config.yaml declares against what the model file itself says. */
final class SignatureCheck {
  private SignatureCheck() {}

  /** Every disagreement in one message, or empty when config and model agree. */
  static Optional<String> against(ModelConfig config, ModelSignature model) {
    List<String> problems = new ArrayList<>();
    compare("input", config.inputs(), model.inputs(), problems);
    compare("output", config.outputs(), model.outputs(), problems);
    if (config.maxBatchSize() > 0) {
      for (TensorSpec in : model.inputs()) {
        if (in.shape().rank() == 0 || (in.shape().dim(0) != -1 && in.shape().dim(0) != 1)) {
          problems.add("max-batch-size = " + config.maxBatchSize() + " but input '" + in.name()
              + "' has no variable batch dimension: " + in.shape());
        }
      }
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of("config.yaml disagrees with the model file: " + String.join("; ", problems));
  }

  /**
   * The signature requests are checked against: the model file's, with each tensor the config
   * declares (and agrees with, see {@link #against}) taking the declared, possibly more specific, shape.
   */
  static ModelSignature effective(ModelConfig config, ModelSignature model) {
    return new ModelSignature(merge(config.inputs(), model.inputs()), merge(config.outputs(), model.outputs()));
  }

  private static List<TensorSpec> merge(List<TensorSpec> declared, List<TensorSpec> actual) {
    List<TensorSpec> out = new ArrayList<>(actual.size());
    for (TensorSpec a : actual) {
      out.add(declared.stream().filter(d -> d.name().equals(a.name())).findFirst().orElse(a));
    }
    return out;
  }

  private static void compare(String kind, List<TensorSpec> declared, List<TensorSpec> actual, List<String> problems) {
    for (TensorSpec d : declared) {
      Optional<TensorSpec> a = actual.stream().filter(t -> t.name().equals(d.name())).findFirst();
      if (a.isEmpty()) {
        problems.add(kind + " '" + d.name() + "' is declared but the model has " + actual);
      } else if (a.get().datatype() != d.datatype()) {
        problems.add(kind + " '" + d.name() + "' is declared " + d.datatype() + " but the model has " + a.get().datatype());
      } else if (!compatible(d, a.get())) {
        problems.add(kind + " '" + d.name() + "' is declared with shape " + d.shape() + " but the model has " + a.get().shape());
      }
    }
  }

  private static boolean compatible(TensorSpec declared, TensorSpec actual) {
    if (declared.shape().rank() != actual.shape().rank()) {
      return false;
    }
    for (int i = 0; i < declared.shape().rank(); i++) {
      long d = declared.shape().dim(i);
      long a = actual.shape().dim(i);
      if (a != -1 && d != a) {
        return false;
      }
    }
    return true;
  }
}
