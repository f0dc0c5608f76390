package dev.cortado.server.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Tensor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The test client's own JSON tensor data, written and read with a tree (independent of the server's codec). */
final class TensorJson {
  private TensorJson() {}

  static void writeData(ArrayNode out, Tensor t) {
    ByteBuffer b = t.data();
    long n = t.elementCount();
    for (long i = 0; i < n; i++) {
      switch (t.datatype()) {
        case BOOL -> out.add(b.get() != 0);
        case UINT8 -> out.add(b.get() & 0xff);
        case UINT16 -> out.add(b.getShort() & 0xffff);
        case UINT32 -> out.add(b.getInt() & 0xffffffffL);
        case UINT64 -> out.add(new BigInteger(Long.toUnsignedString(b.getLong())));
        case INT8 -> out.add(b.get());
        case INT16 -> out.add(b.getShort());
        case INT32 -> out.add(b.getInt());
        case INT64 -> out.add(b.getLong());
        case FP32 -> out.add(b.getFloat());
        case FP64 -> out.add(b.getDouble());
        case BYTES -> {
          byte[] e = new byte[b.getInt()];
          b.get(e);
          out.add(new String(e, StandardCharsets.UTF_8));
        }
        case FP16, BF16 -> throw new IllegalArgumentException(t.datatype() + " has no JSON form");
      }
    }
  }

  static ByteBuffer readData(JsonNode data, Datatype type) {
    List<JsonNode> flat = new ArrayList<>();
    flatten(data, flat);
    int size = type.isFixedSize() ? flat.size() * type.byteSize() : flat.stream().mapToInt(n -> 4 + n.asText().getBytes(StandardCharsets.UTF_8).length).sum();
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode n : flat) {
      switch (type) {
        case BOOL -> b.put((byte) (n.asBoolean() ? 1 : 0));
        case UINT8, INT8 -> b.put((byte) n.asInt());
        case UINT16, INT16 -> b.putShort((short) n.asInt());
        case UINT32, INT32 -> b.putInt((int) n.asLong());
        case UINT64 -> b.putLong(n.bigIntegerValue().longValue());
        case INT64 -> b.putLong(n.asLong());
        case FP32 -> b.putFloat((float) n.asDouble());
        case FP64 -> b.putDouble(n.asDouble());
        case BYTES -> {
          byte[] e = n.asText().getBytes(StandardCharsets.UTF_8);
          b.putInt(e.length).put(e);
        }
        case FP16, BF16 -> throw new IllegalArgumentException(type + " has no JSON form");
      }
    }
    return b.flip();
  }

  private static void flatten(JsonNode n, List<JsonNode> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n);
    }
  }
}
