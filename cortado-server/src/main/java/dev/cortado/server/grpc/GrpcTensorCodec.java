package dev.cortado.server.grpc;

import com.google.protobuf.ByteString;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.server.grpc.proto.InferTensorContents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed tensor data ({@code InferTensorContents}) to and from a tensor's little-endian bytes, with
 * Triton's mapping of datatypes to fields:
 *
 * <pre>
 * BOOL                  bool_contents
 * INT8, INT16, INT32    int_contents      (range-checked for INT8 and INT16)
 * INT64                 int64_contents
 * UINT8, UINT16, UINT32 uint_contents     (range-checked for UINT8 and UINT16)
 * UINT64                uint64_contents
 * FP32                  fp32_contents
 * FP64                  fp64_contents
 * BYTES                 bytes_contents    (one entry per element)
 * FP16, BF16            none: they travel only as raw contents
 * </pre>
 *
 * Elements go straight between the protobuf's primitive lists and a heap buffer, never boxed.
 * Whether the element count fits the shape is left to {@link Tensor#of}, so the messages are the
 * ones every transport gives.
 */
final class GrpcTensorCodec {
  private GrpcTensorCodec() {}

  /** The contents field that carries a datatype, or empty for FP16 and BF16. */
  static String fieldOf(Datatype datatype) {
    return switch (datatype) {
      case BOOL -> "bool_contents";
      case INT8, INT16, INT32 -> "int_contents";
      case INT64 -> "int64_contents";
      case UINT8, UINT16, UINT32 -> "uint_contents";
      case UINT64 -> "uint64_contents";
      case FP32 -> "fp32_contents";
      case FP64 -> "fp64_contents";
      case BYTES -> "bytes_contents";
      case FP16, BF16 -> "";
    };
  }

  /** Whether a datatype can travel as typed contents. */
  static boolean hasTypedForm(Datatype datatype) {
    return !fieldOf(datatype).isEmpty();
  }

  /** Whether any contents field holds an element. */
  static boolean hasElements(InferTensorContents c) {
    return !populatedFields(c).isEmpty();
  }

  /**
   * The little-endian bytes of an input's typed contents.
   *
   * @throws CortadoException INVALID_ARGUMENT naming the input when the datatype has no typed form,
   *     the data is in another field than the datatype's, or an element is out of the type's range
   */
  static ByteBuffer decode(String name, Datatype datatype, InferTensorContents c) {
    String field = fieldOf(datatype);
    if (field.isEmpty()) {
      throw CortadoException.invalidArgument(
          "input '%s' is %s, which travels only in raw_input_contents (it has no typed contents field)", name, datatype);
    }
    List<String> populated = populatedFields(c);
    populated.remove(field);
    if (!populated.isEmpty()) {
      throw CortadoException.invalidArgument(
          "input '%s' is %s, whose data goes in contents.%s; found data in contents.%s",
          name, datatype, field, String.join(", contents.", populated));
    }
    return switch (datatype) {
      case BOOL -> {
        ByteBuffer b = allocate(c.getBoolContentsCount(), 1);
        for (int i = 0; i < c.getBoolContentsCount(); i++) {
          b.put(c.getBoolContents(i) ? (byte) 1 : (byte) 0);
        }
        yield b.flip();
      }
      case INT8 -> ints(name, datatype, c, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case INT16 -> ints(name, datatype, c, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT32 -> ints(name, datatype, c, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case UINT8 -> uints(name, datatype, c, 0xFFL);
      case UINT16 -> uints(name, datatype, c, 0xFFFFL);
      case UINT32 -> uints(name, datatype, c, 0xFFFF_FFFFL);
      case INT64 -> {
        ByteBuffer b = allocate(c.getInt64ContentsCount(), 8);
        for (int i = 0; i < c.getInt64ContentsCount(); i++) {
          b.putLong(c.getInt64Contents(i));
        }
        yield b.flip();
      }
      case UINT64 -> {
        ByteBuffer b = allocate(c.getUint64ContentsCount(), 8);
        for (int i = 0; i < c.getUint64ContentsCount(); i++) {
          b.putLong(c.getUint64Contents(i));
        }
        yield b.flip();
      }
      case FP32 -> {
        ByteBuffer b = allocate(c.getFp32ContentsCount(), 4);
        for (int i = 0; i < c.getFp32ContentsCount(); i++) {
          b.putFloat(c.getFp32Contents(i));
        }
        yield b.flip();
      }
      case FP64 -> {
        ByteBuffer b = allocate(c.getFp64ContentsCount(), 8);
        for (int i = 0; i < c.getFp64ContentsCount(); i++) {
          b.putDouble(c.getFp64Contents(i));
        }
        yield b.flip();
      }
      case BYTES -> {
        long size = 0;
        for (int i = 0; i < c.getBytesContentsCount(); i++) {
          size += 4L + c.getBytesContents(i).size();
        }
        ByteBuffer b = allocate(size, 1);
        for (int i = 0; i < c.getBytesContentsCount(); i++) {
          ByteString element = c.getBytesContents(i);
          b.putInt(element.size());
          element.copyTo(b);
        }
        yield b.flip();
      }
      case FP16, BF16 -> throw new IllegalStateException("unreachable: " + datatype + " has no typed form");
    };
  }

  /**
   * A tensor's data as typed contents.
   *
   * @throws IllegalArgumentException for FP16 and BF16, which have no typed form (see {@link #hasTypedForm})
   */
  static InferTensorContents encode(Tensor tensor) {
    ByteBuffer b = tensor.data();
    int n = Math.toIntExact(tensor.elementCount());
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    switch (tensor.datatype()) {
      case BOOL -> {
        for (int i = 0; i < n; i++) {
          c.addBoolContents(b.get() != 0);
        }
      }
      case INT8 -> {
        for (int i = 0; i < n; i++) {
          c.addIntContents(b.get());
        }
      }
      case INT16 -> {
        for (int i = 0; i < n; i++) {
          c.addIntContents(b.getShort());
        }
      }
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          c.addIntContents(b.getInt());
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          c.addInt64Contents(b.getLong());
        }
      }
      case UINT8 -> {
        for (int i = 0; i < n; i++) {
          c.addUintContents(b.get() & 0xFF);
        }
      }
      case UINT16 -> {
        for (int i = 0; i < n; i++) {
          c.addUintContents(b.getShort() & 0xFFFF);
        }
      }
      case UINT32 -> {
        for (int i = 0; i < n; i++) {
          c.addUintContents(b.getInt());
        }
      }
      case UINT64 -> {
        for (int i = 0; i < n; i++) {
          c.addUint64Contents(b.getLong());
        }
      }
      case FP32 -> {
        for (int i = 0; i < n; i++) {
          c.addFp32Contents(b.getFloat());
        }
      }
      case FP64 -> {
        for (int i = 0; i < n; i++) {
          c.addFp64Contents(b.getDouble());
        }
      }
      case BYTES -> {
        while (b.hasRemaining()) {
          c.addBytesContents(ByteString.copyFrom(b, b.getInt()));
        }
      }
      case FP16, BF16 -> throw new IllegalArgumentException(
          "output '" + tensor.name() + "' is " + tensor.datatype() + ", which has no typed contents field");
    }
    return c.build();
  }

  private static ByteBuffer ints(String name, Datatype datatype, InferTensorContents c, int min, int max) {
    int n = c.getIntContentsCount();
    ByteBuffer b = allocate(n, datatype.byteSize());
    for (int i = 0; i < n; i++) {
      int v = c.getIntContents(i);
      if (v < min || v > max) {
        throw outOfRange(name, datatype, i, Integer.toString(v), min, max);
      }
      switch (datatype.byteSize()) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        default -> b.putInt(v);
      }
    }
    return b.flip();
  }

  private static ByteBuffer uints(String name, Datatype datatype, InferTensorContents c, long max) {
    int n = c.getUintContentsCount();
    ByteBuffer b = allocate(n, datatype.byteSize());
    for (int i = 0; i < n; i++) {
      int v = c.getUintContents(i);
      if (Integer.toUnsignedLong(v) > max) {
        throw outOfRange(name, datatype, i, Integer.toUnsignedString(v), 0, max);
      }
      switch (datatype.byteSize()) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        default -> b.putInt(v);
      }
    }
    return b.flip();
  }

  private static CortadoException outOfRange(String name, Datatype datatype, int index, String value, long min, long max) {
    return CortadoException.invalidArgument(
        "input '%s' (%s): element %d = %s is out of range [%d, %d]", name, datatype, index, value, min, max);
  }

  private static ByteBuffer allocate(long elements, int elementSize) {
    long bytes = elements * elementSize;
    if (bytes > Integer.MAX_VALUE - 8) {
      throw CortadoException.invalidArgument("a tensor of %d bytes is too large for one buffer", bytes);
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static List<String> populatedFields(InferTensorContents c) {
    List<String> out = new ArrayList<>(1);
    if (c.getBoolContentsCount() > 0) {
      out.add("bool_contents");
    }
    if (c.getIntContentsCount() > 0) {
      out.add("int_contents");
    }
    if (c.getInt64ContentsCount() > 0) {
      out.add("int64_contents");
    }
    if (c.getUintContentsCount() > 0) {
      out.add("uint_contents");
    }
    if (c.getUint64ContentsCount() > 0) {
      out.add("uint64_contents");
    }
    if (c.getFp32ContentsCount() > 0) {
      out.add("fp32_contents");
    }
    if (c.getFp64ContentsCount() > 0) {
      out.add("fp64_contents");
    }
    if (c.getBytesContentsCount() > 0) {
      out.add("bytes_contents");
    }
    return out;
  }
}
