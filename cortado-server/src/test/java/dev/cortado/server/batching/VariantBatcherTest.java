package dev.cortado.server.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cortado.control.batching.BatchingConfig;
import dev.cortado.control.batching.FixedBatching;
import dev.cortado.control.batching.NoBatching;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.model.LoadedModel;
import dev.cortado.core.model.VariantSpec;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.execution.ModelInstance;
import dev.cortado.testing.ManualClock;
import dev.cortado.testing.ProjectFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the batcher does when its variant has no instance to run on: scale to zero and its races. */
class VariantBatcherTest {
  static final String MODEL = "fashion-cnn-small";
  final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  final InstancePool pool = new InstancePool(MODEL, "1");
  final LoadMeter meter = LoadMeter.onSystemTime();
  final VariantBatcher batcher = new VariantBatcher(MODEL, pool, new NoBatching(), BatchingConfig.defaults().newQueue(), true,
      clock, meter);

  @AfterEach
  void stop() {
    batcher.close();
  }

  static Tensor image() {
    ByteBuffer b = ByteBuffer.allocate(28 * 28 * 4).order(ByteOrder.LITTLE_ENDIAN);
    return Tensor.of("image", Datatype.FP32, Shape.of(1, 1, 28, 28), b);
  }

  CompletableFuture<BatchJob.Done> submit(Duration slo) {
    return batcher.submit(List.of(image()), List.of(), 1, clock.instant().plus(slo), 0);
  }

  static ModelInstance instance(int index) {
    LoadedModel model = OnnxModelRuntime.create().load(new VariantSpec(MODEL, "1",
        ProjectFiles.bundledModels().resolve(MODEL).resolve("1/model.onnx")), InstanceSize.cpu(1));
    return new ModelInstance(model, index, 16, Instant.EPOCH, () -> { });
  }

  @Test
  void a_request_whose_deadline_passes_before_any_instance_is_ready_fails_unavailable_for_its_cold_start() {
    CompletableFuture<BatchJob.Done> waiting = submit(Duration.ofMillis(100));
    assertThat(meter.inFlight()).isEqualTo(1);

    clock.advance(Duration.ofMillis(101));
    Throwable failure = catchThrowable(() -> waiting.get(30, TimeUnit.SECONDS));

    assertThat(failure).isInstanceOf(ExecutionException.class);
    CortadoException e = (CortadoException) failure.getCause();
    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(e.getMessage()).contains("no instance became ready within the request's deadline (cold start");
    awaitNothingInFlight();
    LoadMeter.LoadSnapshot s = meter.snapshot();
    assertThat(s.arrivals()).isEqualTo(1);
    assertThat(s.answered()).isZero();
  }

  @Test
  void a_request_is_not_sent_to_an_instance_that_began_closing_but_waits_for_the_next_one() throws Exception {
    ModelInstance closing = instance(0);
    pool.add(closing);
    closing.drainAndClose(); // stopped after the pool listed it: the race a scale-in or an eviction opens

    CompletableFuture<BatchJob.Done> request = submit(Duration.ofSeconds(60));
    assertThat(request).isNotDone();
    pool.add(instance(1));
    BatchJob.Done done = request.get(30, TimeUnit.SECONDS);

    assertThat(done.instance()).isEqualTo(MODEL + ":1#1");
    awaitNothingInFlight();
    assertThat(meter.snapshot().answered()).isEqualTo(1);
  }

  @Test
  void the_policy_is_shown_how_busy_the_machines_cpu_is_on_every_decision() throws Exception {
    java.util.List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    NoBatching none = new NoBatching();
    dev.cortado.control.batching.BatchPolicy watching = new dev.cortado.control.batching.BatchPolicy() {
      @Override
      public String name() {
        return "watching";
      }

      @Override
      public dev.cortado.control.batching.Dispatch decide(dev.cortado.control.batching.QueueView queue, Instant now) {
        seen.add(queue.machineCpuBusy());
        return none.decide(queue, now);
      }

      @Override
      public void observe(dev.cortado.control.batching.BatchOutcome outcome) {
        none.observe(outcome);
      }
    };
    VariantBatcher told = new VariantBatcher(MODEL, pool, watching, BatchingConfig.defaults().newQueue(), true, clock, meter,
        () -> 0.93);
    try {
      pool.add(instance(0));
      told.submit(List.of(image()), List.of(), 1, clock.instant().plusSeconds(60), 0).get(30, TimeUnit.SECONDS);
    } finally {
      told.close();
    }
    assertThat(seen).isNotEmpty().containsOnly(0.93);
  }

  @Test
  void requests_that_share_a_batch_are_told_so_and_exactly_one_counts_the_execution() throws Exception {
    VariantBatcher pairs = new VariantBatcher(MODEL, pool, new FixedBatching(2, Duration.ofSeconds(60)),
        BatchingConfig.defaults().newQueue(), true, clock, meter);
    try {
      CompletableFuture<BatchJob.Done> a = pairs.submit(List.of(image()), List.of(), 1, clock.instant().plusSeconds(60), 0);
      CompletableFuture<BatchJob.Done> b = pairs.submit(List.of(image()), List.of(), 1, clock.instant().plusSeconds(60), 0);
      pool.add(instance(0));
      List<BatchJob.Done> done = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));

      assertThat(done).extracting(BatchJob.Done::batchItems).containsExactly(2L, 2L);
      assertThat(done).filteredOn(BatchJob.Done::countsExecution).hasSize(1);
    } finally {
      pairs.close();
    }
  }

  /** The meter hears of a completion just after whoever waited on it. */
  void awaitNothingInFlight() {
    long give = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (meter.inFlight() > 0 && System.nanoTime() < give) {
      Thread.onSpinWait();
    }
    assertThat(meter.inFlight()).isZero();
  }
}
