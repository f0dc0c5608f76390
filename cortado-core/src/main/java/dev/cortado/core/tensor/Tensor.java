package dev.cortado.core.tensor;

import dev.cortado.core.error.CortadoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named tensor with its data as little-endian bytes, the form every transport can carry without
 * conversion (OIP binary extension, gRPC raw contents, ONNX Runtime buffers). {@link Datatype#BYTES}
 * data is a sequence of elements, each a 4-byte little-endian length and its bytes.
 *
 * <p>The buffer is read-only by convention: callers read it through {@link #data()}, which returns
 * an independent view positioned at zero.
 */
public final class Tensor {
  private final String name;
  private final Datatype datatype;
  private final Shape shape;
  private final ByteBuffer data;

  private Tensor(String name, Datatype datatype, Shape shape, ByteBuffer data) {
    this.name = name;
    this.datatype = datatype;
    this.shape = shape;
    this.data = data;
  }

  /**
   * A tensor over {@code data} (from its position to its limit), checked: the shape is concrete and
   * the byte length matches it.
   *
   * @throws CortadoException INVALID_ARGUMENT naming the tensor when the data does not fit the shape
   */
  public static Tensor of(String name, Datatype datatype, Shape shape, ByteBuffer data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(datatype, "datatype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    if (!shape.isConcrete()) {
      throw CortadoException.invalidArgument("tensor '%s' has shape %s; every dimension must be >= 0", name, shape);
    }
    ByteBuffer view = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    long elements = shape.elementCount();
    if (datatype.isFixedSize()) {
      long expected = elements * datatype.byteSize();
      if (view.remaining() != expected) {
        throw CortadoException.invalidArgument(
            "tensor '%s' has %d bytes of %s data; shape %s needs %d elements = %d bytes",
            name, view.remaining(), datatype, shape, elements, expected);
      }
    } else {
      long found = countBytesElements(name, view);
      if (found != elements) {
        throw CortadoException.invalidArgument(
            "tensor '%s' has %d BYTES elements; shape %s needs %d", name, found, shape, elements);
      }
    }
    return new Tensor(name, datatype, shape, view);
  }

  /** A BYTES tensor from its elements. */
  public static Tensor ofBytes(String name, Shape shape, List<byte[]> elements) {
    int size = 0;
    for (byte[] e : elements) {
      size += 4 + e.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] e : elements) {
      buf.putInt(e.length).put(e);
    }
    return of(name, Datatype.BYTES, shape, buf.flip());
  }

  public String name() {
    return name;
  }

  public Datatype datatype() {
    return datatype;
  }

  public Shape shape() {
    return shape;
  }

  /** An independent little-endian view of the data, position 0. */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  public int byteSize() {
    return data.remaining();
  }

  public long elementCount() {
    return shape.elementCount();
  }

  /** The same data under another name. */
  public Tensor renamed(String newName) {
    return new Tensor(newName, datatype, shape, data);
  }

  /** The elements of a BYTES tensor. */
  public List<byte[]> bytesElements() {
    if (datatype != Datatype.BYTES) {
      throw new IllegalStateException("tensor '" + name + "' is " + datatype + ", not BYTES");
    }
    ByteBuffer view = data();
    List<byte[]> out = new ArrayList<>((int) Math.min(elementCount(), 1 << 20));
    while (view.hasRemaining()) {
      byte[] e = new byte[view.getInt()];
      view.get(e);
      out.add(e);
    }
    return out;
  }

  private static long countBytesElements(String name, ByteBuffer view) {
    ByteBuffer b = view.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long count = 0;
    while (b.hasRemaining()) {
      if (b.remaining() < 4) {
        throw CortadoException.invalidArgument(
            "tensor '%s': BYTES element %d is cut short (a 4-byte length prefix needs 4 bytes, %d left)",
            name, count, b.remaining());
      }
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw CortadoException.invalidArgument(
            "tensor '%s': BYTES element %d claims %d bytes but %d remain", name, count, len, b.remaining());
      }
      b.position(b.position() + len);
      count++;
    }
    return count;
  }

  @Override
  public String toString() {
    return "Tensor[" + name + " " + datatype + " " + shape + "]";
  }
}
