package dev.cortado.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.server.grpc.proto.InferTensorContents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GrpcTensorCodecTest {

  /** Every datatype with a typed form: its contents, and the little-endian bytes they stand for. */
  static Stream<Arguments> typed() {
    return Stream.of(
        Arguments.of(Datatype.BOOL, InferTensorContents.newBuilder().addBoolContents(true).addBoolContents(false).build(),
            le(2).put((byte) 1).put((byte) 0)),
        Arguments.of(Datatype.INT8, InferTensorContents.newBuilder().addIntContents(-128).addIntContents(127).build(),
            le(2).put((byte) -128).put((byte) 127)),
        Arguments.of(Datatype.INT16, InferTensorContents.newBuilder().addIntContents(-32768).addIntContents(32767).build(),
            le(4).putShort((short) -32768).putShort((short) 32767)),
        Arguments.of(Datatype.INT32, InferTensorContents.newBuilder().addIntContents(Integer.MIN_VALUE).addIntContents(7).build(),
            le(8).putInt(Integer.MIN_VALUE).putInt(7)),
        Arguments.of(Datatype.INT64, InferTensorContents.newBuilder().addInt64Contents(Long.MIN_VALUE).addInt64Contents(1L << 40).build(),
            le(16).putLong(Long.MIN_VALUE).putLong(1L << 40)),
        Arguments.of(Datatype.UINT8, InferTensorContents.newBuilder().addUintContents(0).addUintContents(255).build(),
            le(2).put((byte) 0).put((byte) 255)),
        Arguments.of(Datatype.UINT16, InferTensorContents.newBuilder().addUintContents(1).addUintContents(65535).build(),
            le(4).putShort((short) 1).putShort((short) 65535)),
        Arguments.of(Datatype.UINT32, InferTensorContents.newBuilder().addUintContents(0).addUintContents(-1).build(),
            le(8).putInt(0).putInt(-1)),
        Arguments.of(Datatype.UINT64, InferTensorContents.newBuilder().addUint64Contents(3).addUint64Contents(-1L).build(),
            le(16).putLong(3).putLong(-1L)),
        Arguments.of(Datatype.FP32, InferTensorContents.newBuilder().addFp32Contents(1.5f).addFp32Contents(-0.25f).build(),
            le(8).putFloat(1.5f).putFloat(-0.25f)),
        Arguments.of(Datatype.FP64, InferTensorContents.newBuilder().addFp64Contents(Math.PI).addFp64Contents(-1e300).build(),
            le(16).putDouble(Math.PI).putDouble(-1e300)),
        Arguments.of(Datatype.BYTES, InferTensorContents.newBuilder()
                .addBytesContents(ByteString.copyFromUtf8("héllo")).addBytesContents(ByteString.EMPTY).build(),
            le(4 + 6 + 4).putInt(6).put("héllo".getBytes(StandardCharsets.UTF_8)).putInt(0)));
  }

  @ParameterizedTest
  @MethodSource("typed")
  void decodesTypedContentsToLittleEndianBytes(Datatype datatype, InferTensorContents contents, ByteBuffer expected) {
    ByteBuffer bytes = GrpcTensorCodec.decode("x", datatype, contents);
    assertThat(bytes.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes).isEqualTo(expected.flip());
  }

  @ParameterizedTest
  @MethodSource("typed")
  void encodesBytesBackToTheSameTypedContents(Datatype datatype, InferTensorContents contents, ByteBuffer expected) {
    Tensor tensor = Tensor.of("y", datatype, Shape.of(1, 2), expected.flip());
    assertThat(GrpcTensorCodec.encode(tensor)).isEqualTo(contents);
  }

  @Test
  void everyDatatypeIsEitherTypedOrRawOnly() {
    for (Datatype d : Datatype.values()) {
      boolean rawOnly = d == Datatype.FP16 || d == Datatype.BF16;
      assertThat(GrpcTensorCodec.hasTypedForm(d)).as(d.name()).isEqualTo(!rawOnly);
    }
  }

  @Test
  void fp16HasNoTypedForm() {
    InferTensorContents contents = InferTensorContents.newBuilder().addFp32Contents(1f).build();
    assertThatThrownBy(() -> GrpcTensorCodec.decode("half", Datatype.FP16, contents))
        .isInstanceOf(CortadoException.class)
        .satisfies(e -> assertThat(((CortadoException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("input 'half' is FP16, which travels only in raw_input_contents (it has no typed contents field)");
    Tensor half = Tensor.of("half", Datatype.FP16, Shape.of(1), le(2).putShort((short) 0x3C00).flip());
    assertThatThrownBy(() -> GrpcTensorCodec.encode(half)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesDataInAnotherFieldThanTheDatatypes() {
    InferTensorContents contents = InferTensorContents.newBuilder().addFp64Contents(1).addIntContents(2).build();
    assertThatThrownBy(() -> GrpcTensorCodec.decode("in", Datatype.FP32, contents))
        .hasMessage("input 'in' is FP32, whose data goes in contents.fp32_contents; found data in contents.int_contents, contents.fp64_contents");
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of(Datatype.INT8, InferTensorContents.newBuilder().addIntContents(1).addIntContents(300).build(),
            "input 'v' (INT8): element 1 = 300 is out of range [-128, 127]"),
        Arguments.of(Datatype.INT8, InferTensorContents.newBuilder().addIntContents(-129).build(),
            "input 'v' (INT8): element 0 = -129 is out of range [-128, 127]"),
        Arguments.of(Datatype.INT16, InferTensorContents.newBuilder().addIntContents(40000).build(),
            "input 'v' (INT16): element 0 = 40000 is out of range [-32768, 32767]"),
        Arguments.of(Datatype.UINT8, InferTensorContents.newBuilder().addUintContents(256).build(),
            "input 'v' (UINT8): element 0 = 256 is out of range [0, 255]"),
        Arguments.of(Datatype.UINT16, InferTensorContents.newBuilder().addUintContents(-1).build(),
            "input 'v' (UINT16): element 0 = 4294967295 is out of range [0, 65535]"));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void rangeChecksNarrowTypes(Datatype datatype, InferTensorContents contents, String message) {
    assertThatThrownBy(() -> GrpcTensorCodec.decode("v", datatype, contents))
        .isInstanceOf(CortadoException.class)
        .satisfies(e -> assertThat(((CortadoException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage(message);
  }

  @Test
  void bytesElementsRoundTrip() {
    List<byte[]> elements = List.of(new byte[] {0, (byte) 0xFF}, "abc".getBytes(StandardCharsets.UTF_8));
    Tensor t = Tensor.ofBytes("s", Shape.of(2), elements);
    InferTensorContents contents = GrpcTensorCodec.encode(t);
    Tensor back = Tensor.of("s", Datatype.BYTES, Shape.of(2), GrpcTensorCodec.decode("s", Datatype.BYTES, contents));
    assertThat(back.bytesElements()).containsExactlyElementsOf(elements);
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
