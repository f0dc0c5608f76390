package dev.cortado.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.InferTensorContents;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import dev.cortado.server.grpc.proto.ModelMetadataRequest;
import dev.cortado.server.grpc.proto.ModelMetadataResponse;
import dev.cortado.server.grpc.proto.ModelReadyRequest;
import dev.cortado.server.grpc.proto.ServerLiveRequest;
import dev.cortado.server.grpc.proto.ServerMetadataRequest;
import dev.cortado.server.grpc.proto.ServerMetadataResponse;
import dev.cortado.server.grpc.proto.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gRPC frontend through a real grpc-java client over Netty, against real ONNX models. */
class GrpcFrontendTest {
  private static TestModels models;
  private static GrpcFrontend frontend;
  private static ManagedChannel channel;
  private static GRPCInferenceServiceBlockingStub stub;

  @BeforeAll
  static void start() {
    models = TestModels.load();
    frontend = new GrpcFrontend(models.service());
    int port = frontend.start("127.0.0.1", 0);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    frontend.close();
    models.close();
  }

  @Test
  void serverHealthAndMetadata() {
    assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    ServerMetadataResponse metadata = stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
    assertThat(metadata.getName()).isEqualTo("cortado");
    assertThat(metadata.getVersion()).isEqualTo("test");
    assertThat(metadata.getExtensionsList()).contains("binary_tensor_data");
  }

  @Test
  void modelMetadataAndReadiness() {
    ModelMetadataResponse metadata = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("add-fp32").build());
    assertThat(metadata.getName()).isEqualTo("add-fp32");
    assertThat(metadata.getVersionsList()).containsExactly("1");
    assertThat(metadata.getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(metadata.getInputsList()).extracting(t -> t.getName() + " " + t.getDatatype() + " " + t.getShapeList())
        .containsExactly("INPUT0 FP32 [-1, 4]", "INPUT1 FP32 [-1, 4]");
    assertThat(metadata.getOutputsList()).extracting(ModelMetadataResponse.TensorMetadata::getName)
        .containsExactly("OUTPUT0", "OUTPUT1");
    assertThat(metadata.getPropertiesMap()).containsEntry("task", "add-sub").containsEntry("max_batch_size", "8");
    assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("add-fp32").setVersion("1").build()).getReady())
        .isTrue();
  }

  @Test
  void unknownModelIsNotFound() {
    assertStatus(() -> stub.modelReady(ModelReadyRequest.newBuilder().setName("nope").build()),
        Status.Code.NOT_FOUND, "model 'nope' not found");
    assertStatus(() -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()),
        Status.Code.NOT_FOUND, "model 'nope' not found");
    assertStatus(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("nope").build()),
        Status.Code.NOT_FOUND, "model 'nope' not found");
    assertStatus(() -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("add-fp32").setVersion("9").build()),
        Status.Code.NOT_FOUND, "model 'add-fp32' has no version '9'");
  }

  @Test
  void addsTypedAndAnswersTyped() {
    ModelInferResponse response = stub.modelInfer(addRequest()
        .addInputs(fp32("INPUT0", 1, 2, 3, 4)).addInputs(fp32("INPUT1", 10, 20, 30, 40)).build());
    assertThat(response.getModelName()).isEqualTo("add-fp32");
    assertThat(response.getModelVersion()).isEqualTo("1");
    assertThat(response.getId()).isEqualTo("r1");
    assertThat(response.getRawOutputContentsCount()).isZero();
    assertThat(response.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName)
        .containsExactly("OUTPUT0", "OUTPUT1");
    assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L, 4L);
    assertThat(response.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(11f, 22f, 33f, 44f);
    assertThat(response.getOutputs(1).getContents().getFp32ContentsList()).containsExactly(-9f, -18f, -27f, -36f);
  }

  @Test
  void addsRawAndAnswersRawForTheRequestedOutputOnly() {
    ModelInferRequest typed = addRequest()
        .addInputs(fp32("INPUT0", 1, 2, 3, 4)).addInputs(fp32("INPUT1", 10, 20, 30, 40))
        .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("OUTPUT1"))
        .build();
    ModelInferResponse response = stub.modelInfer(asRaw(typed));
    assertThat(response.getOutputsList()).extracting(ModelInferResponse.InferOutputTensor::getName).containsExactly("OUTPUT1");
    assertThat(response.getOutputs(0).hasContents()).isFalse();
    assertThat(response.getRawOutputContents(0)).isEqualTo(raw(Datatype.FP32, fp32("x", -9, -18, -27, -36).getContents()));
  }

  /** For each identity model: a datatype and typed contents of three elements. */
  static Stream<Arguments> identities() {
    return Stream.of(
        Arguments.of(Datatype.BOOL, InferTensorContents.newBuilder().addBoolContents(true).addBoolContents(false).addBoolContents(true)),
        Arguments.of(Datatype.INT8, InferTensorContents.newBuilder().addIntContents(-128).addIntContents(0).addIntContents(127)),
        Arguments.of(Datatype.INT16, InferTensorContents.newBuilder().addIntContents(-32768).addIntContents(1).addIntContents(32767)),
        Arguments.of(Datatype.INT32, InferTensorContents.newBuilder().addIntContents(Integer.MIN_VALUE).addIntContents(0).addIntContents(Integer.MAX_VALUE)),
        Arguments.of(Datatype.INT64, InferTensorContents.newBuilder().addInt64Contents(Long.MIN_VALUE).addInt64Contents(0).addInt64Contents(Long.MAX_VALUE)),
        Arguments.of(Datatype.UINT8, InferTensorContents.newBuilder().addUintContents(0).addUintContents(128).addUintContents(255)),
        Arguments.of(Datatype.FP32, InferTensorContents.newBuilder().addFp32Contents(-1.5f).addFp32Contents(0f).addFp32Contents(Float.MAX_VALUE)),
        Arguments.of(Datatype.FP64, InferTensorContents.newBuilder().addFp64Contents(Math.E).addFp64Contents(-0.0).addFp64Contents(1e-300)),
        Arguments.of(Datatype.BYTES, InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("one"))
            .addBytesContents(ByteString.copyFromUtf8("")).addBytesContents(ByteString.copyFromUtf8("drei ü"))));
  }

  @ParameterizedTest
  @MethodSource("identities")
  void everyDatatypeRoundTripsTypedAndRaw(Datatype datatype, InferTensorContents.Builder contents) {
    ModelInferRequest typed = ModelInferRequest.newBuilder()
        .setModelName("identity-" + datatype.name().toLowerCase(Locale.ROOT))
        .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype(datatype.name())
            .addShape(1).addShape(3).setContents(contents))
        .build();
    ModelInferResponse typedAnswer = stub.modelInfer(typed);
    assertThat(typedAnswer.getOutputs(0).getDatatype()).isEqualTo(datatype.name());
    assertThat(typedAnswer.getOutputs(0).getShapeList()).containsExactly(1L, 3L);
    assertThat(typedAnswer.getOutputs(0).getContents()).isEqualTo(contents.build());

    ModelInferResponse rawAnswer = stub.modelInfer(asRaw(typed));
    assertThat(rawAnswer.getRawOutputContents(0)).isEqualTo(raw(datatype, contents.build()));
  }

  @Test
  void fp16TravelsRawAndIsAnsweredRaw() {
    ByteString halves = ByteString.copyFrom(new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0}); // 1.0, -2.0
    ModelInferResponse response = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("identity-fp16")
        .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("FP16").addShape(1).addShape(2))
        .addRawInputContents(halves).build());
    assertThat(response.getRawOutputContents(0)).isEqualTo(halves);
    assertStatus(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("identity-fp16")
            .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("FP16").addShape(1).addShape(1)
                .setContents(InferTensorContents.newBuilder().addFp32Contents(1f))).build()),
        Status.Code.INVALID_ARGUMENT, "input 'INPUT0' is FP16, which travels only in raw_input_contents");
  }

  @Test
  void badTensorsAreInvalidArgumentWithTheCoresMessages() {
    assertStatus(() -> stub.modelInfer(addRequest()
            .addInputs(fp32("INPUT0", 1, 2, 3)).addInputs(fp32("INPUT1", 1, 2, 3)).build()),
        Status.Code.INVALID_ARGUMENT, "input 'INPUT0' has shape [1, 3]; model 'add-fp32' expects [-1, 4] (-1 = any size)");
    assertStatus(() -> stub.modelInfer(addRequest().addInputs(fp32("INPUT0", 1, 2, 3).setShape(1, 4)).build()),
        Status.Code.INVALID_ARGUMENT, "input 'INPUT0' has 3 elements; shape [1, 4] needs 4");
    assertStatus(() -> stub.modelInfer(addRequest().addInputs(fp32("INPUT0", 1, 2, 3, 4)).build()),
        Status.Code.INVALID_ARGUMENT, "model 'add-fp32' needs input [INPUT1]");
    ModelInferRequest typed = addRequest().addInputs(fp32("INPUT0", 1, 2, 3, 4)).addInputs(fp32("INPUT1", 1, 2, 3, 4)).build();
    ModelInferRequest mixed = asRaw(typed).toBuilder().setInputs(1, typed.getInputs(1)).build();
    assertStatus(() -> stub.modelInfer(mixed), Status.Code.INVALID_ARGUMENT,
        "input 'INPUT1' has typed contents but the request also has raw_input_contents");
    assertStatus(() -> stub.modelInfer(ModelInferRequest.newBuilder().setModelName("identity-int8")
            .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("INT8").addShape(1).addShape(1)
                .setContents(InferTensorContents.newBuilder().addIntContents(300))).build()),
        Status.Code.INVALID_ARGUMENT, "input 'INPUT0' (INT8): element 0 = 300 is out of range [-128, 127]");
    assertStatus(() -> stub.modelInfer(typed.toBuilder()
            .putParameters("huge", InferParameter.newBuilder().setUint64Param(-1L).build()).build()),
        Status.Code.INVALID_ARGUMENT, "parameter 'huge' = 18446744073709551615 is larger than");
  }

  @Test
  void requestParametersAreAccepted() {
    ModelInferRequest request = addRequest()
        .addInputs(fp32("INPUT0", 1, 2, 3, 4)).addInputs(fp32("INPUT1", 1, 1, 1, 1))
        .putParameters("priority", InferParameter.newBuilder().setInt64Param(1).build())
        .putParameters("latency_slo_ms", InferParameter.newBuilder().setDoubleParam(50).build())
        .putParameters("tag", InferParameter.newBuilder().setStringParam("x").build())
        .putParameters("flag", InferParameter.newBuilder().setBoolParam(true).build())
        .putParameters("count", InferParameter.newBuilder().setUint64Param(3).build())
        .build();
    assertThat(stub.modelInfer(request).getOutputs(0).getContents().getFp32ContentsList()).containsExactly(2f, 3f, 4f, 5f);
  }

  @Test
  void notReadyIsUnavailableAndHealthFollowsReadiness() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    HealthCheckRequest whole = HealthCheckRequest.getDefaultInstance();
    HealthCheckRequest inference = HealthCheckRequest.newBuilder().setService("inference.GRPCInferenceService").build();
    assertThat(health.check(whole).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(inference).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertStatus(() -> health.check(HealthCheckRequest.newBuilder().setService("other").build()),
        Status.Code.NOT_FOUND, "unknown service 'other'");
    models.service().setReady(false);
    try {
      assertThat(health.check(whole).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
      assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
      assertStatus(() -> stub.modelInfer(addRequest().build()), Status.Code.UNAVAILABLE, "server is not ready");
    } finally {
      models.service().setReady(true);
    }
    assertThat(health.check(whole).getStatus()).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void healthWatchEndsWithNotServingWhenTheFrontendCloses() throws Exception {
    GrpcFrontend own = new GrpcFrontend(models.service());
    ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", own.start("127.0.0.1", 0)).usePlaintext().build();
    try {
      List<ServingStatus> seen = new CopyOnWriteArrayList<>();
      CountDownLatch first = new CountDownLatch(1);
      CompletableFuture<Void> ended = new CompletableFuture<>();
      HealthGrpc.newStub(c).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
        @Override
        public void onNext(HealthCheckResponse response) {
          seen.add(response.getStatus());
          first.countDown();
        }

        @Override
        public void onError(Throwable t) {
          ended.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          ended.complete(null);
        }
      });
      first.await();
      own.close();
      ended.get(1, TimeUnit.MINUTES); // guards against a hang, not a speed check
      assertThat(seen).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
    } finally {
      c.shutdownNow();
      own.close();
    }
  }

  @Test
  void reflectionListsTheServices() throws Exception {
    assertThat(ReflectionClient.listServices(channel))
        .contains("inference.GRPCInferenceService", "grpc.health.v1.Health");
  }

  @Test
  void tooLargeMessageIsResourceExhausted() {
    try (GrpcFrontend small = new GrpcFrontend(models.service(), 1024)) {
      ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", small.start("127.0.0.1", 0)).usePlaintext().build();
      try {
        ModelInferRequest big = ModelInferRequest.newBuilder().setModelName("identity-uint8")
            .addInputs(InferInputTensor.newBuilder().setName("INPUT0").setDatatype("UINT8").addShape(1).addShape(4096))
            .addRawInputContents(ByteString.copyFrom(new byte[4096])).build();
        assertThatThrownBy(() -> GRPCInferenceServiceGrpc.newBlockingStub(c).modelInfer(big))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
      } finally {
        c.shutdownNow();
      }
    }
  }

  private static ModelInferRequest.Builder addRequest() {
    return ModelInferRequest.newBuilder().setModelName("add-fp32").setId("r1");
  }

  private static InferInputTensor.Builder fp32(String name, float... values) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (float v : values) {
      c.addFp32Contents(v);
    }
    return InferInputTensor.newBuilder().setName(name).setDatatype("FP32").addShape(1).addShape(values.length)
        .setContents(c);
  }

  /** The same request with every input's data moved to raw_input_contents. */
  private static ModelInferRequest asRaw(ModelInferRequest typed) {
    ModelInferRequest.Builder b = typed.toBuilder();
    for (int i = 0; i < b.getInputsCount(); i++) {
      InferInputTensor input = typed.getInputs(i);
      b.addRawInputContents(raw(Datatype.parse(input.getDatatype()).orElseThrow(), input.getContents()));
      b.setInputs(i, input.toBuilder().clearContents());
    }
    return b.build();
  }

  private static ByteString raw(Datatype datatype, InferTensorContents contents) {
    return ByteString.copyFrom(GrpcTensorCodec.decode("x", datatype, contents));
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String messageStart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).startsWith(messageStart);
    });
  }
}
