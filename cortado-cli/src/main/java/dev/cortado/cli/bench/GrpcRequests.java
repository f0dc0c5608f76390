package dev.cortado.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.InferTensorContents;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferRequestedOutputTensor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each class's gRPC {@code ModelInferRequest}, built once from the sample REST body: its inputs
 * (name, shape, datatype, flat or nested data), requested outputs and parameters, then the class's
 * target as the model and its parameters over the sample's. Data goes raw ({@code
 * raw_input_contents}, little-endian) or typed (each input's {@code contents}, Triton's field per
 * datatype). Elements are checked as the REST decoder checks them; FP16 and BF16 have no JSON form
 * and are refused.
 */
final class GrpcRequests {
  /** How tensor data travels. */
  enum Contents {
    RAW,
    TYPED
  }

  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private GrpcRequests() {}

  /**
   * One request per class, in the classes' order.
   *
   * @throws IllegalArgumentException naming the input or parameter when the sample cannot be sent
   */
  static List<ModelInferRequest> forClasses(ObjectNode sample, List<RequestClass> classes, Contents contents) {
    ModelInferRequest base = fromSample(sample, contents);
    List<ModelInferRequest> out = new ArrayList<>(classes.size());
    for (RequestClass c : classes) {
      ModelInferRequest.Builder b = base.toBuilder().setModelName(c.target());
      c.parameters().forEach((key, value) -> b.putParameters(key, parameter(key, value)));
      out.add(b.build());
    }
    return out;
  }

  private static ModelInferRequest fromSample(ObjectNode sample, Contents contents) {
    JsonNode inputs = sample.path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      throw new IllegalArgumentException("the request body has no 'inputs' list");
    }
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder();
    b.putAllParameters(parameters("parameters", sample.path("parameters")));
    for (int i = 0; i < inputs.size(); i++) {
      input(b, inputs.get(i), i, contents);
    }
    JsonNode outputs = sample.path("outputs");
    for (int i = 0; i < outputs.size(); i++) {
      JsonNode o = outputs.get(i);
      b.addOutputs(InferRequestedOutputTensor.newBuilder()
          .setName(text(o.path("name"), "outputs[" + i + "].name"))
          .putAllParameters(parameters("outputs[" + i + "].parameters", o.path("parameters"))));
    }
    return b.build();
  }

  private static void input(ModelInferRequest.Builder request, JsonNode json, int index, Contents contents) {
    String name = text(json.path("name"), "inputs[" + index + "].name");
    String where = "input '" + name + "'";
    String datatypeName = text(json.path("datatype"), where + ".datatype");
    Datatype datatype = Datatype.parse(datatypeName).orElseThrow(() -> new IllegalArgumentException(
        where + " has datatype '" + datatypeName + "'; expected one of " + Arrays.toString(Datatype.values())));
    if (!datatype.hasJsonForm()) {
      throw new IllegalArgumentException(where + " is " + datatype + ", which has no JSON form; bench cannot read it from the body");
    }
    InferInputTensor.Builder t = InferInputTensor.newBuilder().setName(name).setDatatype(datatype.name());
    long expected = 1;
    JsonNode shape = json.path("shape");
    if (!shape.isArray()) {
      throw new IllegalArgumentException(where + ".shape must be a list of whole numbers");
    }
    for (int d = 0; d < shape.size(); d++) {
      JsonNode dim = shape.get(d);
      if (!dim.canConvertToExactIntegral() || !dim.canConvertToLong() || dim.asLong() < 0) {
        throw new IllegalArgumentException(where + ".shape[" + d + "] = " + dim + "; dimensions are whole numbers >= 0");
      }
      t.addShape(dim.asLong());
      try {
        expected = Math.multiplyExact(expected, dim.asLong());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(where + ".shape " + shape + " has more elements than a tensor can hold", e);
      }
    }
    t.putAllParameters(parameters(where + ".parameters", json.path("parameters")));
    List<JsonNode> elements = new ArrayList<>();
    flatten(json.path("data"), elements, where);
    if (elements.size() != expected) {
      throw new IllegalArgumentException(where + " has " + elements.size() + " elements; its shape needs " + expected);
    }
    if (contents == Contents.RAW) {
      request.addRawInputContents(UnsafeByteOperations.unsafeWrap(raw(where, datatype, elements)));
    } else {
      t.setContents(typed(where, datatype, elements));
    }
    request.addInputs(t);
  }

  private static ByteBuffer raw(String where, Datatype type, List<JsonNode> elements) {
    long size = (long) elements.size() * type.byteSize();
    if (type == Datatype.BYTES) {
      size = 0;
      for (int i = 0; i < elements.size(); i++) {
        size += 4L + utf8(where, elements.get(i), type, i).length;
      }
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(where + " has " + size + " bytes of data, too many for one buffer");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < elements.size(); i++) {
      JsonNode e = elements.get(i);
      switch (type) {
        case BOOL -> b.put(bool(where, e, i) ? (byte) 1 : 0);
        case FP32 -> b.putFloat(number(where, e, type, i).floatValue());
        case FP64 -> b.putDouble(number(where, e, type, i).doubleValue());
        case INT8, UINT8 -> b.put((byte) whole(where, e, type, i));
        case INT16, UINT16 -> b.putShort((short) whole(where, e, type, i));
        case INT32, UINT32 -> b.putInt((int) whole(where, e, type, i));
        case INT64, UINT64 -> b.putLong(whole(where, e, type, i));
        case BYTES -> {
          byte[] s = utf8(where, e, type, i);
          b.putInt(s.length).put(s);
        }
        case FP16, BF16 -> throw new IllegalStateException("checked in input(): " + type + " has no JSON form");
      }
    }
    return b.flip();
  }

  private static InferTensorContents typed(String where, Datatype type, List<JsonNode> elements) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode e = elements.get(i);
      switch (type) {
        case BOOL -> c.addBoolContents(bool(where, e, i));
        case FP32 -> c.addFp32Contents(number(where, e, type, i).floatValue());
        case FP64 -> c.addFp64Contents(number(where, e, type, i).doubleValue());
        case INT8, INT16, INT32 -> c.addIntContents((int) whole(where, e, type, i));
        case INT64 -> c.addInt64Contents(whole(where, e, type, i));
        case UINT8, UINT16, UINT32 -> c.addUintContents((int) whole(where, e, type, i));
        case UINT64 -> c.addUint64Contents(whole(where, e, type, i));
        case BYTES -> c.addBytesContents(ByteString.copyFrom(utf8(where, e, type, i)));
        case FP16, BF16 -> throw new IllegalStateException("checked in input(): " + type + " has no JSON form");
      }
    }
    return c.build();
  }

  private static void flatten(JsonNode data, List<JsonNode> out, String where) {
    if (data.isMissingNode()) {
      throw new IllegalArgumentException(where + " has no 'data' (bench sends JSON data, not binary_data_size)");
    }
    if (!data.isArray()) {
      out.add(data);
      return;
    }
    for (JsonNode e : data) {
      flatten(e, out, where);
    }
  }

  private static boolean bool(String where, JsonNode e, int index) {
    if (!e.isBoolean()) {
      throw wrongElement(where, Datatype.BOOL, index, e, "true or false");
    }
    return e.booleanValue();
  }

  private static Number number(String where, JsonNode e, Datatype type, int index) {
    if (!e.isNumber()) {
      throw wrongElement(where, type, index, e, "a number");
    }
    return e.numberValue();
  }

  /** A whole number in the datatype's range, as the bits of a long (UINT64 above Long.MAX_VALUE wraps, as on the wire). */
  private static long whole(String where, JsonNode e, Datatype type, int index) {
    if (!e.isIntegralNumber()) {
      throw wrongElement(where, type, index, e, "a whole number");
    }
    BigInteger v = e.bigIntegerValue();
    BigInteger min = switch (type) {
      case INT8 -> BigInteger.valueOf(Byte.MIN_VALUE);
      case INT16 -> BigInteger.valueOf(Short.MIN_VALUE);
      case INT32 -> BigInteger.valueOf(Integer.MIN_VALUE);
      case INT64 -> BigInteger.valueOf(Long.MIN_VALUE);
      default -> BigInteger.ZERO;
    };
    BigInteger max = switch (type) {
      case INT8 -> BigInteger.valueOf(Byte.MAX_VALUE);
      case INT16 -> BigInteger.valueOf(Short.MAX_VALUE);
      case INT32 -> BigInteger.valueOf(Integer.MAX_VALUE);
      case UINT8 -> BigInteger.valueOf(0xFF);
      case UINT16 -> BigInteger.valueOf(0xFFFF);
      case UINT32 -> BigInteger.valueOf(0xFFFF_FFFFL);
      case UINT64 -> UINT64_MAX;
      default -> BigInteger.valueOf(Long.MAX_VALUE);
    };
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          where + " (" + type + "): element " + index + " = " + v + " is out of range [" + min + ", " + max + "]");
    }
    return v.longValue();
  }

  private static byte[] utf8(String where, JsonNode e, Datatype type, int index) {
    if (!e.isTextual()) {
      throw wrongElement(where, type, index, e, "a string");
    }
    return e.textValue().getBytes(StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException wrongElement(String where, Datatype type, int index, JsonNode e, String expected) {
    return new IllegalArgumentException(where + " (" + type + "): element " + index + " = " + e + " must be " + expected);
  }

  private static String text(JsonNode node, String where) {
    if (!node.isTextual() || node.textValue().isEmpty()) {
      throw new IllegalArgumentException(where + " must be a non-empty string");
    }
    return node.textValue();
  }

  /** A JSON parameters object as the protocol's map; missing is empty. */
  private static Map<String, InferParameter> parameters(String where, JsonNode json) {
    if (json.isMissingNode() || json.isNull()) {
      return Map.of();
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    Map<String, InferParameter> out = new LinkedHashMap<>();
    json.properties().forEach(e -> {
      JsonNode v = e.getValue();
      Object value;
      if (v.isTextual()) {
        value = v.textValue();
      } else if (v.isBoolean()) {
        value = v.booleanValue();
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        value = v.longValue();
      } else if (v.isFloatingPointNumber()) {
        value = v.doubleValue();
      } else {
        throw new IllegalArgumentException(where + "." + e.getKey() + " = " + v + " must be a string, boolean, 64-bit whole number or number");
      }
      out.put(e.getKey(), parameter(where + "." + e.getKey(), value));
    });
    return out;
  }

  /** A request parameter (bool, int64, double or string) as the protocol's. */
  static InferParameter parameter(String key, Object value) {
    InferParameter.Builder p = InferParameter.newBuilder();
    switch (value) {
      case Boolean v -> p.setBoolParam(v);
      case Long v -> p.setInt64Param(v);
      case Double v -> p.setDoubleParam(v);
      case String v -> p.setStringParam(v);
      default -> throw new IllegalArgumentException(
          "parameter " + key + " = " + value + " is a " + value.getClass().getSimpleName() + "; parameters are bool, int64, double or string");
    }
    return p.build();
  }
}
