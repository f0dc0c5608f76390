package dev.cortado.server.conformance;

import static dev.cortado.server.conformance.Requests.fp32;
import static dev.cortado.server.conformance.Requests.imageBatch;
import static dev.cortado.server.conformance.Requests.infer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.FashionMnist;
import dev.cortado.testing.ProjectFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Open Inference Protocol conformance suite: every endpoint and every bad input, against a real
 * server on 127.0.0.1 serving the bundled models, once per transport.
 */
class ConformanceTest {
  @TempDir static Path profiles;
  static final String MODEL = "fashion-mlp-small";
  static final List<String> BUNDLED = List.of("fashion-cnn-large", "fashion-cnn-small", "fashion-mlp-large", "fashion-mlp-small");

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
  void health_and_server_metadata(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      assertThat(c.serverLive()).isTrue();
      assertThat(c.serverReady()).isTrue();
      OipClient.ServerInfo info = c.serverMetadata();
      assertThat(info.name()).isEqualTo("cortado");
      assertThat(info.version()).isNotBlank();
      assertThat(info.extensions()).contains("binary_tensor_data", "model_repository", "statistics");
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void model_metadata_comes_from_the_model_file(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      for (String model : BUNDLED) {
        OipClient.ModelInfo m = c.modelMetadata(model, Optional.empty()).get();
        assertThat(m.name()).isEqualTo(model);
        assertThat(m.versions()).containsExactly("1");
        assertThat(m.platform()).isEqualTo("onnxruntime_onnx");
        assertThat(m.inputs()).containsExactly(new TensorSpec("image", Datatype.FP32, Shape.of(-1, 1, 28, 28)));
        assertThat(m.outputs()).containsExactly(new TensorSpec("logits", Datatype.FP32, Shape.of(-1, 10)));
        assertThat(m.properties()).containsEntry("task", "image-classification").containsKey("accuracy");
      }
      assertThat(c.modelMetadata(MODEL, Optional.of("1")).get().versions()).containsExactly("1");
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void model_ready(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      assertThat(c.modelReady(MODEL, Optional.empty()).get()).isTrue();
      assertThat(c.modelReady(MODEL, Optional.of("1")).get()).isTrue();
      assertThat(c.modelReady("no-such-model", Optional.empty()).error()).contains(ErrorCode.NOT_FOUND);
      assertThat(c.modelReady(MODEL, Optional.of("7")).error()).contains(ErrorCode.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void outputs_equal_a_direct_onnx_runtime_call(Transports transport) throws Exception {
    try (OipClient c = transport.connect(server)) {
      for (String model : BUNDLED) {
        int batch = 5;
        float[] images = Requests.images(data, 100, batch);
        long[] shape = {batch, 1, 28, 28};
        InferenceResponse r = c.infer(infer(model, fp32("image", images, shape))).get();
        Path file = ProjectFiles.bundledModels().resolve(model).resolve("1/model.onnx");
        float[] expected = DirectOnnx.run(file, "image", images, shape, "logits");
        assertThat(r.modelName()).isEqualTo(model);
        assertThat(r.modelVersion()).isEqualTo("1");
        Tensor logits = r.outputs().getFirst();
        assertThat(logits.name()).isEqualTo("logits");
        assertThat(logits.datatype()).isEqualTo(Datatype.FP32);
        assertThat(logits.shape()).isEqualTo(Shape.of(batch, 10));
        float[] actual = Requests.floats(logits);
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i]).as("%s logit %d", model, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f + Math.abs(expected[i]) * 1e-5f));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void version_id_and_requested_outputs(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      InferenceResponse r = c.infer(infer(MODEL, Optional.of("1"), Optional.of("req-42"), List.of("logits"), imageBatch(data, 0, 1))).get();
      assertThat(r.id()).contains("req-42");
      assertThat(r.modelVersion()).isEqualTo("1");
      assertThat(r.outputs()).extracting(Tensor::name).containsExactly("logits");
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void unknown_model_or_version_is_not_found(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      var unknown = c.infer(infer("no-such-model", imageBatch(data, 0, 1)));
      assertThat(unknown.error()).contains(ErrorCode.NOT_FOUND);
      assertThat(unknown.message()).contains("no-such-model").contains(MODEL);
      var version = c.infer(infer(MODEL, Optional.of("9"), Optional.empty(), List.of(), imageBatch(data, 0, 1)));
      assertThat(version.error()).contains(ErrorCode.NOT_FOUND);
      assertThat(version.message()).contains("version '9'");
      assertThat(c.modelMetadata("no-such-model", Optional.empty()).error()).contains(ErrorCode.NOT_FOUND);
      stillServes(c);
    }
  }

  @ParameterizedTest
  @EnumSource(Transports.class)
  void bad_tensors_are_invalid_argument_with_a_clear_message(Transports transport) {
    try (OipClient c = transport.connect(server)) {
      float[] one = Requests.images(data, 0, 1);
      expectInvalid(c, infer(MODEL, fp32("pixels", one, 1, 1, 28, 28)), "no input 'pixels'", "image (FP32 [-1, 1, 28, 28])");
      expectInvalid(c, infer(MODEL), "needs input [image]");
      expectInvalid(c, infer(MODEL, fp32("image", one, 1, 784)), "shape [1, 784]", "expects [-1, 1, 28, 28]");
      expectInvalid(c, infer(MODEL, fp32("image", one, 1, 1, 784, 1)), "shape [1, 1, 784, 1]");
      ByteBuffer doubles = ByteBuffer.allocate(784 * 8).order(ByteOrder.LITTLE_ENDIAN);
      expectInvalid(c, infer(MODEL, Tensor.of("image", Datatype.FP64, Shape.of(1, 1, 28, 28), doubles)),
          "datatype FP64", "expects FP32");
      float[] big = new float[300 * 784];
      expectInvalid(c, infer(MODEL, fp32("image", big, 300, 1, 28, 28)), "batch size 300", "1 to 256");
      expectInvalid(c, infer(MODEL, Optional.empty(), Optional.empty(), List.of("probabilities"), fp32("image", one, 1, 1, 28, 28)),
          "no output 'probabilities'", "logits");
      expectInvalid(c, infer(MODEL, fp32("image", one, 1, 1, 28, 28), fp32("image", one, 1, 1, 28, 28)), "more than once");
      stillServes(c);
    }
  }

  static void expectInvalid(OipClient c, dev.cortado.core.inference.InferenceRequest request, String... fragments) {
    var answer = c.infer(request);
    assertThat(answer.error()).as(answer.message()).contains(ErrorCode.INVALID_ARGUMENT);
    for (String f : fragments) {
      assertThat(answer.message()).contains(f);
    }
  }

  static void stillServes(OipClient c) {
    assertThat(c.infer(infer(MODEL, imageBatch(data, 0, 1))).value()).isPresent();
  }
}
