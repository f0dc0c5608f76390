package dev.cortado.server.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Tensor;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Tensor {@code data} in JSON: flat or nested arrays of numbers, booleans or strings, read straight
 * into little-endian bytes and written back flat.
 */
final class JsonTensorData {
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private JsonTensorData() {}

  /**
   * Reads the array at the parser's current token (START_ARRAY, or a single scalar) into the sink.
   *
   * @return the number of elements read
   */
  static long read(JsonParser p, String input, Datatype type, LittleEndianSink sink) throws IOException {
    if (!type.hasJsonForm()) {
      throw CortadoException.invalidArgument(
          "input '%s' is %s, which travels only as binary data (parameters.binary_data_size)", input, type);
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      readElement(p, input, type, sink, 0);
      return 1;
    }
    return readArray(p, input, type, sink, 0, 0);
  }

  private static long readArray(JsonParser p, String input, Datatype type, LittleEndianSink sink, long count, int depth)
      throws IOException {
    if (depth > 32) {
      throw CortadoException.invalidArgument("input '%s': data is nested more than 32 levels deep", input);
    }
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw CortadoException.invalidArgument("input '%s': data ends before its array closes", input);
      }
      if (t == JsonToken.START_ARRAY) {
        count = readArray(p, input, type, sink, count, depth + 1);
      } else {
        readElement(p, input, type, sink, count);
        count++;
      }
    }
    return count;
  }

  private static void readElement(JsonParser p, String input, Datatype type, LittleEndianSink sink, long index)
      throws IOException {
    JsonToken t = p.currentToken();
    switch (type) {
      case BOOL -> {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
          throw wrongElement(input, type, index, t, "true or false");
        }
        sink.putByte(t == JsonToken.VALUE_TRUE ? (byte) 1 : 0);
      }
      case FP32 -> sink.putFloat(floatNumber(p, input, type, index));
      case FP64 -> sink.putDouble(number(p, input, type, index));
      case INT8 -> sink.putByte((byte) integer(p, input, type, index, Byte.MIN_VALUE, Byte.MAX_VALUE));
      case INT16 -> sink.putShort((short) integer(p, input, type, index, Short.MIN_VALUE, Short.MAX_VALUE));
      case INT32 -> sink.putInt((int) integer(p, input, type, index, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case INT64 -> sink.putLong(integer(p, input, type, index, Long.MIN_VALUE, Long.MAX_VALUE));
      case UINT8 -> sink.putByte((byte) integer(p, input, type, index, 0, 0xff));
      case UINT16 -> sink.putShort((short) integer(p, input, type, index, 0, 0xffff));
      case UINT32 -> sink.putInt((int) integer(p, input, type, index, 0, 0xffff_ffffL));
      case UINT64 -> sink.putLong(uint64(p, input, index));
      case BYTES -> {
        if (t != JsonToken.VALUE_STRING) {
          throw wrongElement(input, type, index, t, "a string");
        }
        byte[] utf8 = p.getText().getBytes(StandardCharsets.UTF_8);
        sink.putInt(utf8.length);
        sink.putBytes(utf8);
      }
      case FP16, BF16 -> throw new IllegalStateException("checked above");
    }
  }

  private static double number(JsonParser p, String input, Datatype type, long index) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongElement(input, type, index, t, "a number");
    }
    return p.getDoubleValue();
  }

  private static float floatNumber(JsonParser p, String input, Datatype type, long index) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongElement(input, type, index, t, "a number");
    }
    return p.getFloatValue();
  }

  private static long integer(JsonParser p, String input, Datatype type, long index, long min, long max)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongElement(input, type, index, t, "a whole number");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw outOfRange(input, type, index, p.getText(), min, max);
    }
    long v = p.getLongValue();
    if (v < min || v > max) {
      throw outOfRange(input, type, index, Long.toString(v), min, max);
    }
    return v;
  }

  private static long uint64(JsonParser p, String input, long index) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongElement(input, Datatype.UINT64, index, t, "a whole number");
    }
    BigInteger v = p.getBigIntegerValue();
    if (v.signum() < 0 || v.compareTo(UINT64_MAX) > 0) {
      throw CortadoException.invalidArgument(
          "input '%s' (UINT64): element %d = %s is out of range [0, %s]", input, index, v, UINT64_MAX);
    }
    return v.longValue();
  }

  private static CortadoException wrongElement(String input, Datatype type, long index, JsonToken t, String expected) {
    return CortadoException.invalidArgument(
        "input '%s' (%s): element %d is %s, expected %s", input, type, index, describe(t), expected);
  }

  private static CortadoException outOfRange(String input, Datatype type, long index, String value, long min, long max) {
    return CortadoException.invalidArgument(
        "input '%s' (%s): element %d = %s is out of range [%d, %d]", input, type, index, value, min, max);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "missing";
    }
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "a whole number";
      case VALUE_NUMBER_FLOAT -> "a real number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  /** Writes a tensor's elements as a flat JSON array. */
  static void write(JsonGenerator g, Tensor tensor) throws IOException {
    ByteBuffer b = tensor.data();
    int n = (int) tensor.elementCount();
    g.writeStartArray();
    switch (tensor.datatype()) {
      case BOOL -> { for (int i = 0; i < n; i++) g.writeBoolean(b.get() != 0); }
      case UINT8 -> { for (int i = 0; i < n; i++) g.writeNumber(b.get() & 0xff); }
      case UINT16 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getShort() & 0xffff); }
      case UINT32 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getInt() & 0xffff_ffffL); }
      case UINT64 -> { for (int i = 0; i < n; i++) g.writeNumber(Long.toUnsignedString(b.getLong())); }
      case INT8 -> { for (int i = 0; i < n; i++) g.writeNumber(b.get()); }
      case INT16 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getShort()); }
      case INT32 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getInt()); }
      case INT64 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getLong()); }
      case FP32 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getFloat()); }
      case FP64 -> { for (int i = 0; i < n; i++) g.writeNumber(b.getDouble()); }
      case BYTES -> {
        for (byte[] e : tensor.bytesElements()) {
          g.writeString(new String(e, StandardCharsets.UTF_8));
        }
      }
      case FP16, BF16 -> throw new IllegalStateException(tensor.datatype() + " has no JSON form");
    }
    g.writeEndArray();
  }
}
