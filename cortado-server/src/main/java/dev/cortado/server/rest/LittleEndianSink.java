package dev.cortado.server.rest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable little-endian byte array that tensor elements are written into without boxing. */
final class LittleEndianSink {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes;
  private int size;

  LittleEndianSink(int capacity) {
    bytes = new byte[Math.max(capacity, 16)];
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  void putByte(byte v) {
    ensure(1);
    bytes[size++] = v;
  }

  void putShort(short v) {
    ensure(2);
    SHORT.set(bytes, size, v);
    size += 2;
  }

  void putInt(int v) {
    ensure(4);
    INT.set(bytes, size, v);
    size += 4;
  }

  void putLong(long v) {
    ensure(8);
    LONG.set(bytes, size, v);
    size += 8;
  }

  void putFloat(float v) {
    ensure(4);
    FLOAT.set(bytes, size, v);
    size += 4;
  }

  void putDouble(double v) {
    ensure(8);
    DOUBLE.set(bytes, size, v);
    size += 8;
  }

  void putBytes(byte[] v) {
    ensure(v.length);
    System.arraycopy(v, 0, bytes, size, v.length);
    size += v.length;
  }

  /** A little-endian view of what was written. */
  ByteBuffer toByteBuffer() {
    return ByteBuffer.wrap(bytes, 0, size).slice().order(ByteOrder.LITTLE_ENDIAN);
  }
}
