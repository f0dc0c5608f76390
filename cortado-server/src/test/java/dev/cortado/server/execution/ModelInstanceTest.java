package dev.cortado.server.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.testing.ProjectFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ModelInstanceTest {
  static final String MODEL = "fashion-cnn-large";

  static List<Tensor> images(int n) {
    ByteBuffer b = ByteBuffer.allocate(n * 28 * 28 * 4).order(ByteOrder.LITTLE_ENDIAN);
    return List.of(Tensor.of("image", Datatype.FP32, Shape.of(n, 1, 28, 28), b));
  }

  @Test
  void a_run_queued_behind_the_last_results_callbacks_reports_that_wait_apart_from_its_handoff() throws Exception {
    OnnxModelRuntime runtime = OnnxModelRuntime.create();
    ModelInstance instance = new ModelInstance(runtime.load(new VariantSpec(MODEL, "1",
        ProjectFiles.bundledModels().resolve(MODEL).resolve("1/model.onnx")), InstanceSize.cpu(1)), 0, 16, Instant.EPOCH, () -> { });
    try {
      // A large batch runs for tens of milliseconds, so its callback is attached before it ends and
      // then runs on the instance's thread, holding it 60 ms after the model finished.
      CompletableFuture<ModelInstance.Execution> first = instance.submit(images(256), List.of());
      first.whenComplete((e, error) -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60)));
      ModelInstance.Execution second = instance.submit(images(1), List.of()).get(30, TimeUnit.SECONDS);

      assertThat(first).isDone();
      assertThat(second.queueNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
      assertThat(second.handoffNanos()).isLessThan(second.queueNanos() - TimeUnit.MILLISECONDS.toNanos(55));
    } finally {
      instance.drainAndClose();
      runtime.close();
    }
  }
}
