package dev.cortado.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.InferTensorContents;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class GrpcInferCodecTest {
  private static final InferTensorContents TWO_FLOATS =
      InferTensorContents.newBuilder().addFp32Contents(1f).addFp32Contents(2f).build();

  @Test
  void decodesTypedRequest() {
    ModelInferRequest message = ModelInferRequest.newBuilder()
        .setModelName("m").setModelVersion("3").setId("req-1")
        .addInputs(input("a", "FP32", 1, 2).setContents(TWO_FLOATS))
        .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("out")
            .putParameters("binary_data", InferParameter.newBuilder().setBoolParam(true).build()))
        .build();
    InferenceRequest request = GrpcInferCodec.decode(message);
    assertThat(request.modelName()).isEqualTo("m");
    assertThat(request.version()).contains("3");
    assertThat(request.id()).contains("req-1");
    Tensor a = request.inputs().getFirst();
    assertThat(a.name()).isEqualTo("a");
    assertThat(a.datatype()).isEqualTo(Datatype.FP32);
    assertThat(a.shape()).isEqualTo(Shape.of(1, 2));
    assertThat(a.data().getFloat(4)).isEqualTo(2f);
    assertThat(request.outputs()).containsExactly(
        new RequestedOutput("out", Parameters.builder().put("binary_data", true).build()));
  }

  @Test
  void emptyVersionAndIdAreAbsent() {
    InferenceRequest request = GrpcInferCodec.decode(ModelInferRequest.newBuilder().setModelName("m").build());
    assertThat(request.version()).isEmpty();
    assertThat(request.id()).isEmpty();
    assertThat(request.parameters().isEmpty()).isTrue();
  }

  @Test
  void decodesRawRequest() {
    ModelInferRequest message = ModelInferRequest.newBuilder().setModelName("m")
        .addInputs(input("a", "FP32", 2))
        .addInputs(input("b", "FP16", 1))
        .addRawInputContents(raw(le(8).putFloat(1f).putFloat(2f)))
        .addRawInputContents(raw(le(2).putShort((short) 0x3C00)))
        .build();
    List<Tensor> inputs = GrpcInferCodec.decode(message).inputs();
    assertThat(inputs.get(0).data().getFloat(4)).isEqualTo(2f);
    assertThat(inputs.get(1).datatype()).isEqualTo(Datatype.FP16);
    assertThat(inputs.get(1).data().getShort(0)).isEqualTo((short) 0x3C00);
  }

  @Test
  void refusesMixingRawAndTypedContents() {
    ModelInferRequest message = ModelInferRequest.newBuilder().setModelName("m")
        .addInputs(input("a", "FP32", 2).setContents(TWO_FLOATS))
        .addRawInputContents(raw(le(8).putFloat(1f).putFloat(2f)))
        .build();
    assertInvalid(() -> GrpcInferCodec.decode(message),
        "input 'a' has typed contents but the request also has raw_input_contents; send every input one way");
  }

  @Test
  void refusesRawEntriesThatDoNotMatchTheInputs() {
    ModelInferRequest message = ModelInferRequest.newBuilder().setModelName("m")
        .addInputs(input("a", "FP32", 2)).addInputs(input("b", "FP32", 2))
        .addRawInputContents(raw(le(8).putFloat(1f).putFloat(2f)))
        .build();
    assertInvalid(() -> GrpcInferCodec.decode(message),
        "raw_input_contents has 1 entries but the request has 2 inputs; send one entry per input, in order");
  }

  @Test
  void rawByteCountMustFitTheShape() {
    ModelInferRequest message = ModelInferRequest.newBuilder().setModelName("m")
        .addInputs(input("a", "FP32", 1, 3))
        .addRawInputContents(raw(le(8).putFloat(1f).putFloat(2f)))
        .build();
    assertInvalid(() -> GrpcInferCodec.decode(message),
        "tensor 'a' has 8 bytes of FP32 data; shape [1, 3] needs 3 elements = 12 bytes");
  }

  @Test
  void typedElementCountMustFitTheShape() {
    ModelInferRequest message = ModelInferRequest.newBuilder().setModelName("m")
        .addInputs(input("a", "FP32", 3).setContents(TWO_FLOATS)).build();
    assertInvalid(() -> GrpcInferCodec.decode(message), "input 'a' has 2 elements; shape [3] needs 3");
  }

  @Test
  void refusesUnknownDatatypeAndNegativeDimensions() {
    assertInvalid(() -> GrpcInferCodec.decode(ModelInferRequest.newBuilder().setModelName("m")
            .addInputs(input("a", "FLOAT", 2)).build()),
        "input 'a' has datatype 'FLOAT'; expected one of "
            + "[BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, BF16, FP32, FP64, BYTES]");
    assertInvalid(() -> GrpcInferCodec.decode(ModelInferRequest.newBuilder().setModelName("m")
            .addInputs(input("a", "FP32", -1, 2).setContents(TWO_FLOATS)).build()),
        "input 'a'.shape[0] = -1; dimensions are whole numbers >= 0");
  }

  @Test
  void carriesEveryKindOfParameter() {
    Map<String, InferParameter> map = Map.of(
        "flag", InferParameter.newBuilder().setBoolParam(true).build(),
        "count", InferParameter.newBuilder().setInt64Param(-5).build(),
        "name", InferParameter.newBuilder().setStringParam("x").build(),
        "slo", InferParameter.newBuilder().setDoubleParam(2.5).build(),
        "big", InferParameter.newBuilder().setUint64Param(Long.MAX_VALUE).build());
    Parameters p = GrpcInferCodec.parameters(map);
    assertThat(p.asMap()).containsExactly(
        Map.entry("big", Long.MAX_VALUE), Map.entry("count", -5L), Map.entry("flag", true),
        Map.entry("name", "x"), Map.entry("slo", 2.5));
  }

  @Test
  void refusesUint64BeyondLongAndUnsetParameters() {
    assertInvalid(() -> GrpcInferCodec.parameters(Map.of("big", InferParameter.newBuilder().setUint64Param(-1L).build())),
        "parameter 'big' = 18446744073709551615 is larger than 9223372036854775807, the largest whole number a parameter may hold");
    assertInvalid(() -> GrpcInferCodec.parameters(Map.of("none", InferParameter.getDefaultInstance())),
        "parameter 'none' has no value; set one of bool_param, int64_param, string_param, double_param, uint64_param");
  }

  @Test
  void encodesTypedOrRawAndCarriesResponseParameters() {
    Tensor out = Tensor.of("out", Datatype.FP32, Shape.of(1, 2), le(8).putFloat(3f).putFloat(4f).flip());
    InferenceResponse response = new InferenceResponse(
        "m", "1", Optional.of("id-7"), Parameters.builder().put("variant", "m").put("batch_size", 1L).build(), List.of(out));

    ModelInferResponse typed = GrpcInferCodec.encode(response, false);
    assertThat(typed.getModelName()).isEqualTo("m");
    assertThat(typed.getModelVersion()).isEqualTo("1");
    assertThat(typed.getId()).isEqualTo("id-7");
    assertThat(typed.getParametersMap()).containsEntry("variant", InferParameter.newBuilder().setStringParam("m").build())
        .containsEntry("batch_size", InferParameter.newBuilder().setInt64Param(1).build());
    assertThat(typed.getOutputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(typed.getOutputs(0).getShapeList()).containsExactly(1L, 2L);
    assertThat(typed.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(3f, 4f);
    assertThat(typed.getRawOutputContentsCount()).isZero();

    ModelInferResponse raw = GrpcInferCodec.encode(response, true);
    assertThat(raw.getOutputs(0).hasContents()).isFalse();
    assertThat(raw.getRawOutputContents(0)).isEqualTo(raw(le(8).putFloat(3f).putFloat(4f)));
  }

  @Test
  void answersRawWhenAskedRawOrWhenAnOutputHasNoTypedForm() {
    Tensor fp32 = Tensor.of("a", Datatype.FP32, Shape.of(1), le(4).putFloat(1f).flip());
    Tensor fp16 = Tensor.of("b", Datatype.FP16, Shape.of(1), le(2).putShort((short) 0x3C00).flip());
    ModelInferRequest typedRequest = ModelInferRequest.newBuilder().setModelName("m").build();
    ModelInferRequest rawRequest = typedRequest.toBuilder().addRawInputContents(ByteString.EMPTY).build();
    assertThat(GrpcInferCodec.answersRaw(typedRequest, response(fp32))).isFalse();
    assertThat(GrpcInferCodec.answersRaw(rawRequest, response(fp32))).isTrue();
    assertThat(GrpcInferCodec.answersRaw(typedRequest, response(fp32, fp16))).isTrue();
  }

  private static InferenceResponse response(Tensor... outputs) {
    return new InferenceResponse("m", "1", Optional.empty(), Parameters.empty(), List.of(outputs));
  }

  private static InferInputTensor.Builder input(String name, String datatype, long... shape) {
    InferInputTensor.Builder b = InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteString raw(ByteBuffer filled) {
    return ByteString.copyFrom(filled.flip());
  }

  private static void assertInvalid(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(CortadoException.class)
        .satisfies(e -> assertThat(((CortadoException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage(message);
  }
}
