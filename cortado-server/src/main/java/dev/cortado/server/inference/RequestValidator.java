package dev.cortado.server.inference;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.model.ModelSignature;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.repository.ModelVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a decoded request against the model it names, the same for every transport. Each failure
 * is INVALID_ARGUMENT and says what was wrong and what the model expects.
 */
final class RequestValidator {
  private RequestValidator() {}

  /** The request's batch size (dimension 0 of its inputs), or 1 for a model without batching. */
  static long validate(InferenceRequest request, ModelVersion model) {
    ModelSignature signature = model.requireSignature();
    String name = model.name();
    Set<String> seen = new HashSet<>();
    long batch = -1;
    for (Tensor input : request.inputs()) {
      if (!seen.add(input.name())) {
        throw CortadoException.invalidArgument("input '%s' appears more than once", input.name());
      }
      TensorSpec spec = signature.input(input.name()).orElseThrow(() -> CortadoException.invalidArgument(
          "model '%s' has no input '%s'; expected inputs: %s", name, input.name(), describe(signature.inputs())));
      if (input.datatype() != spec.datatype()) {
        throw CortadoException.invalidArgument(
            "input '%s' has datatype %s; model '%s' expects %s", input.name(), input.datatype(), name, spec.datatype());
      }
      if (!input.shape().fits(spec.shape())) {
        throw CortadoException.invalidArgument(
            "input '%s' has shape %s; model '%s' expects %s (-1 = any size)", input.name(), input.shape(), name, spec.shape());
      }
      int maxBatch = model.config().maxBatchSize();
      if (maxBatch > 0) {
        long b = input.shape().dim(0);
        if (b < 1 || b > maxBatch) {
          throw CortadoException.invalidArgument(
              "input '%s' has batch size %d (dimension 0); model '%s' takes 1 to %d", input.name(), b, name, maxBatch);
        }
        if (batch >= 0 && b != batch) {
          throw CortadoException.invalidArgument(
              "inputs disagree on the batch size (dimension 0): %d and %d for '%s'", batch, b, input.name());
        }
        batch = b;
      }
    }
    List<String> missing = signature.inputs().stream().map(TensorSpec::name).filter(n -> !seen.contains(n)).toList();
    if (!missing.isEmpty()) {
      throw CortadoException.invalidArgument(
          "model '%s' needs input%s %s; expected inputs: %s", name, missing.size() > 1 ? "s" : "", missing, describe(signature.inputs()));
    }
    Set<String> outputs = new HashSet<>();
    for (RequestedOutput out : request.outputs()) {
      if (signature.output(out.name()).isEmpty()) {
        throw CortadoException.invalidArgument(
            "model '%s' has no output '%s'; outputs: %s", name, out.name(), describe(signature.outputs()));
      }
      if (!outputs.add(out.name())) {
        throw CortadoException.invalidArgument("output '%s' is requested more than once", out.name());
      }
    }
    return batch < 0 ? 1 : batch;
  }

  private static String describe(List<TensorSpec> specs) {
    return specs.stream().map(TensorSpec::toString).collect(Collectors.joining(", "));
  }
}
