package dev.cortado.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request through a pipeline, with stages that answer when the test says and a clock that moves when it says. */
class PipelineRunTest {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  static final String CHAIN = "platform: pipeline\nslo-ms: 100\n" + PipelineValidatorTest.IMAGE + """
      stages:
        - {name: first, model: cnn, inputs: {image: image}}
        - {name: second, model: calibrator, inputs: {scores: first.logits}}
      outputs:
        - {name: logits, from: second.logits}
      """;
  static final String TASK_CHAIN = "platform: pipeline\n" + PipelineValidatorTest.IMAGE + """
      stages:
        - {name: classify, task: image-classification, min-accuracy: 0.9, inputs: {image: image}}
      outputs:
        - {name: logits, from: classify.logits}
      """;

  @TempDir Path root;
  ManualClock clock = new ManualClock(T0);
  ControlledStages stages = new ControlledStages();
  PipelineCatalog catalog;

  @BeforeEach
  void catalog() throws IOException {
    write("ensemble", PipelineConfigs.ENSEMBLE);
    write("chain", CHAIN);
    write("task-chain", TASK_CHAIN);
    catalog = new PipelineCatalog(root, new FakeStageModels(), stages, clock);
    catalog.loadAll(List.of("ensemble", "chain", "task-chain"));
  }

  @Test
  void fan_out_submits_both_branches_before_either_answers_and_fan_in_waits_for_both() throws Exception {
    CompletableFuture<InferenceResponse> answer = infer("ensemble", Parameters.empty());

    assertThat(stages.calls).extracting(ControlledStages.Call::model).containsExactlyInAnyOrder("cnn", "mlp");
    assertThat(stages.calls).allSatisfy(c -> assertThat(c.answer()).isNotDone());
    stages.answer("cnn", logits(3, 5f));
    assertThat(answer).isNotDone();
    clock.advanceMillis(4);
    stages.answer("mlp", logits(7, 4f));

    InferenceResponse r = answer.get();
    float pa = (float) (Math.exp(5) / (Math.exp(5) + 9));
    float pb = (float) (1 / (Math.exp(4) + 9));
    assertThat(r.outputs()).extracting(Tensor::name).containsExactly("class", "score");
    assertThat(r.outputs().get(0).data().getLong()).isEqualTo(3);
    assertThat(r.outputs().get(1).data().getFloat()).isEqualTo((float) (((double) pa + pb) / 2));
    Parameters p = r.parameters();
    assertThat(r.modelName()).isEqualTo("ensemble");
    assertThat(p.get("stage.a.variant")).contains("cnn-variant");
    assertThat(p.get("stage.b.variant")).contains("mlp-variant");
    assertThat(p.get("stage.avg.variant")).contains("step:mean");
    assertThat(p.getDouble("stage.a.start_ms")).hasValue(0);
    assertThat(p.getDouble("stage.b.start_ms")).hasValue(0);
    assertThat(p.getDouble("stage.a.end_ms")).hasValue(0);
    assertThat(p.getDouble("stage.b.end_ms")).hasValue(4);
    assertThat(p.getDouble("stage.top.start_ms")).hasValue(4);
    assertThat(p.getDouble("queue_ms")).hasValue(3.0);
    assertThat(p.getDouble("end_to_end_ms")).hasValue(4);
    assertThat(p.getDouble("slo_ms")).hasValue(100);
  }

  @Test
  void every_stage_gets_the_end_to_end_deadline_and_the_time_left() throws Exception {
    CompletableFuture<InferenceResponse> answer = infer("chain", Parameters.builder().put("latency_slo_ms", 40.0).build());

    ControlledStages.Call first = stages.call("cnn");
    assertThat(first.deadline()).isEqualTo(T0.plusMillis(40));
    assertThat(first.request().parameters().getDouble("latency_slo_ms")).hasValue(40);
    clock.advanceMillis(15);
    stages.answer("cnn", logits(1, 1f));

    ControlledStages.Call second = stages.call("calibrator");
    assertThat(second.deadline()).isEqualTo(T0.plusMillis(40));
    assertThat(second.request().parameters().getDouble("latency_slo_ms")).hasValue(25);
    assertThat(second.request().inputs()).extracting(Tensor::name).containsExactly("scores");
    stages.answer("calibrator", logits(2, 1f));
    assertThat(answer.get().outputs().getFirst().name()).isEqualTo("logits");
  }

  @Test
  void the_pipeline_slo_applies_when_the_request_states_none_and_a_timeout_tightens_it() {
    infer("chain", Parameters.empty());
    infer("chain", Parameters.builder().put("timeout", 20_000L).build());

    assertThat(stages.calls).extracting(ControlledStages.Call::deadline).containsExactly(T0.plusMillis(100), T0.plusMillis(20));
    assertThatThrownBy(() -> infer("chain", Parameters.builder().put("latency_slo_ms", -1.0).build()))
        .hasMessage("latency_slo_ms = -1.0, must be a positive number of milliseconds");
  }

  @Test
  void a_stage_that_cannot_start_before_the_deadline_is_refused_by_name() {
    CompletableFuture<InferenceResponse> answer = infer("chain", Parameters.empty());
    clock.advance(Duration.ofMillis(100));
    stages.answer("cnn", logits(1, 1f));

    assertFailed(answer, ErrorCode.RESOURCE_EXHAUSTED,
        "pipeline 'chain' stage 'second': the end-to-end deadline (100.000 ms after arrival) passed before the stage could start");
    assertThat(stages.calls).extracting(ControlledStages.Call::model).containsExactly("cnn");
  }

  @Test
  void a_failed_stage_fails_the_request_with_its_name_and_code_once_every_started_stage_is_done() {
    CompletableFuture<InferenceResponse> answer = infer("ensemble", Parameters.empty());
    stages.call("cnn").answer().completeExceptionally(CortadoException.resourceExhausted("model 'cnn': the queue is full"));

    assertThat(answer).isNotDone();
    stages.answer("mlp", logits(7, 4f));

    assertFailed(answer, ErrorCode.RESOURCE_EXHAUSTED, "pipeline 'ensemble' stage 'a': model 'cnn': the queue is full");
    assertThat(stages.calls).hasSize(2);
  }

  @Test
  void a_task_stage_asks_the_selector_for_its_accuracy_floor_and_passes_the_cost_ceiling() {
    infer("task-chain", Parameters.builder().put("max_cost_per_1k", 0.5).put("priority", 2L).build());

    Parameters p = stages.call("image-classification").request().parameters();
    assertThat(p.getDouble("min_accuracy")).hasValue(0.9);
    assertThat(p.getDouble("max_cost_per_1k")).hasValue(0.5);
    assertThat(p.getLong("priority")).hasValue(2);
  }

  @Test
  void a_pipeline_is_ready_only_while_its_stage_models_are() throws IOException {
    write("on-broken", PipelineConfigs.ENSEMBLE);
    FakeStageModels models = new FakeStageModels();
    PipelineCatalog c = new PipelineCatalog(root, models, stages, clock);
    c.loadAll(List.of("ensemble", "on-broken"));
    ModelVersion ensemble = c.find("ensemble", Optional.empty()).orElseThrow();
    assertThat(c.partsReady(ensemble)).isTrue();

    models.add(new ModelVersion("mlp", "1", ensemble.config(), dev.cortado.core.model.ModelState.UNLOADING, Optional.empty(),
        Optional.empty(), new dev.cortado.server.execution.InstancePool("mlp", "1"), 0, ensemble.statistics()));

    assertThat(c.partsReady(ensemble)).isFalse();
    assertThatThrownBy(() -> c.infer(ensemble, request("ensemble", Parameters.empty()), 1))
        .hasMessage("pipeline 'ensemble' stage 'b': model 'mlp' is UNLOADING");
    assertThat(stages.calls).isEmpty();
  }

  @Test
  void a_bad_config_makes_its_pipeline_unavailable_with_the_reason() throws IOException {
    write("bad", PipelineConfigs.ENSEMBLE.replace("model: mlp", "model: nosuch"));
    catalog.load("bad");

    ModelVersion bad = catalog.find("bad", Optional.empty()).orElseThrow();
    assertThat(bad.isReady()).isFalse();
    assertThat(bad.reason().orElseThrow()).contains("stage 'b': model 'nosuch' is not in the repository");
    assertThat(catalog.find("ensemble", Optional.empty()).orElseThrow().isReady()).isTrue();
    assertThat(catalog.index()).extracting(ModelVersion::name).containsExactly("bad", "chain", "ensemble", "task-chain");
    assertThatThrownBy(() -> catalog.find("ensemble", Optional.of("2"))).hasMessage("model 'ensemble' has no version '2'; versions: [1]");
  }

  private CompletableFuture<InferenceResponse> infer(String pipeline, Parameters parameters) {
    return catalog.infer(catalog.find(pipeline, Optional.empty()).orElseThrow(), request(pipeline, parameters), 1);
  }

  private static InferenceRequest request(String pipeline, Parameters parameters) {
    Tensor image = Fp32.tensor("image", Shape.of(1, 1, 28, 28), new float[784]);
    return new InferenceRequest(pipeline, Optional.empty(), Optional.of("r1"), parameters, List.of(image), List.of());
  }

  private static float[] logits(int hot, float value) {
    float[] l = new float[10];
    l[hot] = value;
    return l;
  }

  private static void assertFailed(CompletableFuture<InferenceResponse> answer, ErrorCode code, String message) {
    assertThat(answer).isCompletedExceptionally();
    assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class).satisfies(e -> {
      CortadoException ce = CortadoException.of(e);
      assertThat(ce.code()).isEqualTo(code);
      assertThat(ce.getMessage()).isEqualTo(message);
    });
  }

  private void write(String name, String yaml) throws IOException {
    Files.createDirectories(root.resolve(name));
    Files.writeString(root.resolve(name).resolve("config.yaml"), yaml);
  }
}
