package dev.cortado.server.conformance;

import static dev.cortado.server.conformance.Requests.imageBatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.FashionMnist;
import dev.cortado.testing.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bundled pipelines served by the real server, over every transport: metadata, readiness,
 * inference checked against the stage models' own answers, the per-stage figures, the errors
 * (with the stage named), statistics, and the ensemble's accuracy on the Fashion-MNIST test set.
 */
class PipelineServingTest {
  static final String ENSEMBLE = "fashion-ensemble";
  static final String TOP3 = "fashion-top3";
  static final List<String> CLASSES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  @TempDir static Path profiles;
  static CortadoServer server;
  static FashionMnist data;

  @BeforeAll
  static void start() {
    data = FashionMnist.testSet();
    server = CortadoServer.start(ServerOptions.builder(ProjectFiles.bundledModels()).ports(0, 0, 0).profiles(profiles).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void a_pipeline_is_a_model_with_its_inputs_outputs_and_stages(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      OipClient.ModelInfo m = c.modelMetadata(ENSEMBLE, Optional.empty()).get();

      assertThat(m.platform()).isEqualTo("pipeline");
      assertThat(m.versions()).containsExactly("1");
      assertThat(m.inputs()).containsExactly(new TensorSpec("image", Datatype.FP32, Shape.of(-1, 1, 28, 28)));
      assertThat(m.outputs()).containsExactly(
          new TensorSpec("label", Datatype.BYTES, Shape.of(-1)), new TensorSpec("class", Datatype.INT64, Shape.of(-1)),
          new TensorSpec("score", Datatype.FP32, Shape.of(-1)), new TensorSpec("probabilities", Datatype.FP32, Shape.of(-1, 10)));
      assertThat(c.modelReady(ENSEMBLE, Optional.empty()).get()).isTrue();
      assertThat(c.modelReady(TOP3, Optional.empty()).get()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void the_ensemble_answers_the_mean_of_its_stage_models_softmax(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      int n = 5;
      InferenceResponse r = c.infer(Requests.infer(ENSEMBLE, imageBatch(data, 100, n))).get();
      float[] cnn = Requests.floats(c.infer(Requests.infer("fashion-cnn-small", imageBatch(data, 100, n))).get().outputs().getFirst());
      float[] mlp = Requests.floats(c.infer(Requests.infer("fashion-mlp-large", imageBatch(data, 100, n))).get().outputs().getFirst());

      assertThat(r.modelName()).isEqualTo(ENSEMBLE);
      assertThat(r.outputs()).extracting(Tensor::name).containsExactly("label", "class", "score", "probabilities");
      float[] probabilities = Requests.floats(r.outputs().get(3));
      List<String> labels = r.outputs().get(0).bytesElements().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
      for (int i = 0; i < n; i++) {
        double[] expected = mean(softmax(cnn, i), softmax(mlp, i));
        int best = argmax(expected);
        for (int k = 0; k < 10; k++) {
          assertThat(probabilities[i * 10 + k]).isCloseTo((float) expected[k], Offset.offset(1e-6f));
        }
        assertThat(r.outputs().get(1).data().getLong(i * 8)).isEqualTo(best);
        assertThat(r.outputs().get(2).data().getFloat(i * 4)).isCloseTo((float) expected[best], Offset.offset(1e-6f));
        assertThat(labels.get(i)).isEqualTo(CLASSES.get(best));
      }
      Parameters p = r.parameters();
      assertThat(p.get("stage.cnn.variant")).contains("fashion-cnn-small");
      assertThat(p.get("stage.mlp.variant")).contains("fashion-mlp-large");
      assertThat(p.get("stage.average.variant")).contains("step:mean");
      for (String stage : List.of("cnn", "mlp", "cnn-softmax", "mlp-softmax", "average", "top1")) {
        assertThat(p.getDouble("stage." + stage + ".compute_ms")).as(stage).isPresent();
        assertThat(p.getDouble("stage." + stage + ".end_ms").getAsDouble())
            .isGreaterThanOrEqualTo(p.getDouble("stage." + stage + ".start_ms").getAsDouble());
      }
      assertThat(p.getDouble("stage.cnn.compute_ms").getAsDouble()).isPositive();
      assertThat(p.getDouble("stage.average.start_ms").getAsDouble())
          .isGreaterThanOrEqualTo(Math.max(p.getDouble("stage.cnn.end_ms").getAsDouble(), p.getDouble("stage.mlp.end_ms").getAsDouble()));
      assertThat(p.getDouble("end_to_end_ms").getAsDouble()).isPositive();
      assertThat(p.getDouble("slo_ms")).hasValue(100);
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void the_chain_routes_its_task_stage_and_answers_the_top_three(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      // A generous deadline: this is about routing, and the first request to a variant may be slow on a loaded machine.
      InferenceResponse r = c.infer(new InferenceRequest(TOP3, Optional.empty(), Optional.empty(),
          Parameters.builder().put("latency_slo_ms", 10_000.0).build(), List.of(imageBatch(data, 7, 2)), List.of())).get();

      assertThat(r.parameters().get("stage.classify.variant")).contains("fashion-cnn-large");
      assertThat(r.outputs()).extracting(Tensor::name).containsExactly("labels", "classes", "scores");
      assertThat(r.outputs().get(0).shape()).isEqualTo(Shape.of(2, 3));
      float[] scores = Requests.floats(r.outputs().get(2));
      assertThat(scores[0]).isGreaterThanOrEqualTo(scores[1]);
      assertThat(scores[1]).isGreaterThanOrEqualTo(scores[2]);
      assertThat(r.outputs().get(0).bytesElements()).allSatisfy(l -> assertThat(CLASSES).contains(new String(l, StandardCharsets.UTF_8)));
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void a_request_is_validated_as_for_a_plain_model(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      OipClient.Answer<InferenceResponse> a = c.infer(Requests.infer(ENSEMBLE, Requests.fp32("img", new float[784], 1, 1, 28, 28)));

      assertThat(a.error()).contains(ErrorCode.INVALID_ARGUMENT);
      assertThat(a.message()).contains("model 'fashion-ensemble' has no input 'img'; expected inputs: image");
      OipClient.Answer<InferenceResponse> big = c.infer(Requests.infer(ENSEMBLE, imageBatch(data, 0, 257)));
      assertThat(big.message()).contains("input 'image' has batch size 257 (dimension 0); model 'fashion-ensemble' takes 1 to 256");
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void a_deadline_no_stage_can_meet_is_refused_naming_the_pipeline_and_the_stage(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      OipClient.Answer<InferenceResponse> a = c.infer(with(Parameters.builder().put("latency_slo_ms", 0.001).build()));

      assertThat(a.error()).contains(ErrorCode.RESOURCE_EXHAUSTED);
      assertThat(a.message()).contains("pipeline 'fashion-ensemble' stage 'cnn'");
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void a_failed_stage_fails_the_request_with_the_stage_named_and_its_code(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      OipClient.Answer<InferenceResponse> a = c.infer(with(Parameters.builder().put("priority", 99L).build()));

      assertThat(a.error()).contains(ErrorCode.INVALID_ARGUMENT);
      assertThat(a.message()).contains("pipeline 'fashion-ensemble' stage 'cnn': priority = 99");
    }
  }

  @Test
  void pipelines_are_in_the_index_and_statistics_beside_the_models() {
    try (RestOipClient c = new RestOipClient(server.ports().http(), false)) {
      c.infer(Requests.infer(ENSEMBLE, imageBatch(data, 0, 1))).get();

      JsonNode index = c.send("POST", "/v2/repository/index", null, Map.of()).json();
      assertThat(index.findValuesAsText("name")).contains(ENSEMBLE, TOP3, "fashion-cnn-small", "fashion-mlp-large");
      index.forEach(e -> assertThat(e.get("state").asText()).as(e.get("name").asText()).isEqualTo("READY"));
      JsonNode stats = c.get("/v2/models/" + ENSEMBLE + "/stats").json().get("model_stats").get(0);
      assertThat(stats.get("name").asText()).isEqualTo(ENSEMBLE);
      assertThat(stats.get("inference_stats").get("success").get("count").asLong()).isPositive();
      String metrics = new String(new RestOipClient(server.ports().metrics(), false).get("/metrics").body(), StandardCharsets.UTF_8);
      assertThat(metrics).contains("cortado_inference_request_success_total{model=\"" + ENSEMBLE + "\",version=\"1\"}");
      assertThat(server.profiles().of(ENSEMBLE, "1", 1)).isEmpty();
    }
  }

  @Test
  void a_bad_pipeline_is_unavailable_with_its_reason_and_the_rest_serve(@TempDir Path repo) throws java.io.IOException {
    Path model = java.nio.file.Files.createDirectories(repo.resolve("fashion-mlp-small/1"));
    java.nio.file.Files.copy(ProjectFiles.bundledModels().resolve("fashion-mlp-small/config.yaml"), model.resolve("../config.yaml"));
    java.nio.file.Files.copy(ProjectFiles.bundledModels().resolve("fashion-mlp-small/1/model.onnx"), model.resolve("model.onnx"));
    String chain = """
        platform: pipeline
        inputs: [{name: image, datatype: FP32, shape: [-1, 1, 28, 28]}]
        stages:
          - {name: mlp, model: fashion-mlp-small, inputs: {image: image}}
          - {name: top, step: argmax, inputs: {p: mlp.logits}}
        outputs: [{name: class, from: top.index}]
        """;
    write(repo.resolve("good-chain"), chain);
    write(repo.resolve("cyclic"), chain.replace("{p: mlp.logits}", "{p: top.score}"));
    try (CortadoServer s = CortadoServer.start(ServerOptions.builder(repo).ports(0, 0, 0).profiles(profiles).build());
        RestOipClient c = new RestOipClient(s.ports().http(), false)) {
      JsonNode index = c.send("POST", "/v2/repository/index", null, Map.of()).json();
      Map<String, JsonNode> byName = new java.util.TreeMap<>();
      index.forEach(e -> byName.put(e.get("name").asText(), e));

      assertThat(byName.keySet()).containsExactly("cyclic", "fashion-mlp-small", "good-chain");
      assertThat(byName.get("cyclic").get("state").asText()).isEqualTo("UNAVAILABLE");
      assertThat(byName.get("cyclic").get("reason").asText()).contains("stages form a cycle: top -> top")
          .contains("stage 'mlp' feeds no stage and no output");
      assertThat(c.modelReady("cyclic", Optional.empty()).get()).isFalse();
      assertThat(c.infer(Requests.infer("cyclic", imageBatch(data, 0, 1))).error()).contains(ErrorCode.UNAVAILABLE);
      assertThat(c.infer(Requests.infer("good-chain", imageBatch(data, 0, 1))).get().outputs().getFirst().name()).isEqualTo("class");
      assertThat(c.infer(Requests.infer("fashion-mlp-small", imageBatch(data, 0, 1))).value()).isPresent();
    }
  }

  private static void write(Path dir, String config) throws java.io.IOException {
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.writeString(dir.resolve("config.yaml"), config);
  }

  /**
   * The ensemble's top-1 accuracy on the 10,000 test images through the server, against the figure
   * its config.yaml records (measured by this test; the stages are deterministic on one machine,
   * ONNX Runtime may round a borderline logit the other way elsewhere, hence 0.1 %).
   */
  @Test
  void recorded_ensemble_accuracy_is_what_it_scores_through_the_server() {
    try (RestOipClient client = new RestOipClient(server.ports().http(), true)) {
      OipClient.ModelInfo info = client.modelMetadata(ENSEMBLE, Optional.empty()).get();
      int correct = 0;
      int batch = 250;
      for (int first = 0; first < data.count(); first += batch) {
        int n = Math.min(batch, data.count() - first);
        InferenceRequest request = new InferenceRequest(ENSEMBLE, Optional.empty(), Optional.empty(),
            Parameters.builder().put("latency_slo_ms", 60_000.0).build(), List.of(imageBatch(data, first, n)),
            List.of(dev.cortado.core.inference.RequestedOutput.named("class")));
        Tensor classes = client.infer(request).get().outputs().getFirst();
        for (int i = 0; i < n; i++) {
          if (classes.data().getLong(i * 8) == data.label(first + i)) {
            correct++;
          }
        }
      }
      double measured = correct / (double) data.count();
      System.out.printf("%s: recorded %s, measured through the server %.4f%n", ENSEMBLE, info.properties().get("accuracy"), measured);
      assertThat(info.properties().get("accuracy_dataset")).containsIgnoringCase("fashion-mnist");
      assertThat(measured).isCloseTo(Double.parseDouble(info.properties().get("accuracy")), Offset.offset(0.001));
    }
  }

  private static InferenceRequest with(Parameters parameters) {
    return new InferenceRequest(ENSEMBLE, Optional.empty(), Optional.empty(), parameters, List.of(imageBatch(data, 0, 1)), List.of());
  }

  private static double[] softmax(float[] logits, int row) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 10; k++) {
      max = Math.max(max, logits[row * 10 + k]);
    }
    double sum = 0;
    double[] e = new double[10];
    for (int k = 0; k < 10; k++) {
      e[k] = Math.exp(logits[row * 10 + k] - max);
      sum += e[k];
    }
    for (int k = 0; k < 10; k++) {
      e[k] /= sum;
    }
    return e;
  }

  private static double[] mean(double[] a, double[] b) {
    double[] m = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      m[i] = (a[i] + b[i]) / 2;
    }
    return m;
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
