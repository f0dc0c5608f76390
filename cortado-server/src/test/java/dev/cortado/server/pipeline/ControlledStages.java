package dev.cortado.server.pipeline;

import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stage runner whose stages answer only when the test says so: what was submitted, and when, is observable. */
final class ControlledStages implements StageRunner {
  /** One stage request and its answer, pending until the test completes it. */
  record Call(InferenceRequest request, Instant deadline, CompletableFuture<InferenceResponse> answer) {
    String model() {
      return request.modelName();
    }
  }

  final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<InferenceResponse> run(InferenceRequest request, Instant deadline) {
    Call call = new Call(request, deadline, new CompletableFuture<>());
    calls.add(call);
    return call.answer();
  }

  Call call(String model) {
    return calls.stream().filter(c -> c.model().equals(model)).findFirst()
        .orElseThrow(() -> new AssertionError("no stage request to " + model + " among " + calls.stream().map(Call::model).toList()));
  }

  /** Answers the request to {@code model} with one row of logits per item, as a model stage would. */
  void answer(String model, float... logits) {
    Call call = call(model);
    Tensor out = Fp32.tensor("logits", Shape.of(logits.length / 10, 10), logits);
    Parameters p = Parameters.builder().put("variant", model + "-variant").put("queue_ms", 1.5).put("compute_ms", 2.0)
        .put("batch_size", 1L).build();
    call.answer().complete(new InferenceResponse(model, "1", call.request().id(), p, List.of(out)));
  }
}
