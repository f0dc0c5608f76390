package dev.cortado.core.tensor;

import java.util.Optional;

/**
 * The Open Inference Protocol's tensor datatypes. Tensor data always travels little-endian; a
 * {@link #BYTES} element is a 4-byte little-endian length followed by that many bytes.
 */
public enum Datatype {
  BOOL(1),
  UINT8(1),
  UINT16(2),
  UINT32(4),
  UINT64(8),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FP16(2),
  BF16(2),
  FP32(4),
  FP64(8),
  /** Variable-length elements; {@link #byteSize()} is -1. */
  BYTES(-1);

  private final int byteSize;

  Datatype(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element, or -1 for {@link #BYTES}. */
  public int byteSize() {
    return byteSize;
  }

  public boolean isFixedSize() {
    return byteSize > 0;
  }

  /** Whether the type can travel as JSON numbers or booleans (FP16 and BF16 travel only as binary). */
  public boolean hasJsonForm() {
    return this != FP16 && this != BF16;
  }

  /** The datatype with this protocol name ("FP32", ...), if there is one. */
  public static Optional<Datatype> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name) {
      case "BOOL" -> Optional.of(BOOL);
      case "UINT8" -> Optional.of(UINT8);
      case "UINT16" -> Optional.of(UINT16);
      case "UINT32" -> Optional.of(UINT32);
      case "UINT64" -> Optional.of(UINT64);
      case "INT8" -> Optional.of(INT8);
      case "INT16" -> Optional.of(INT16);
      case "INT32" -> Optional.of(INT32);
      case "INT64" -> Optional.of(INT64);
      case "FP16" -> Optional.of(FP16);
      case "BF16" -> Optional.of(BF16);
      case "FP32" -> Optional.of(FP32);
      case "FP64" -> Optional.of(FP64);
      case "BYTES" -> Optional.of(BYTES);
      default -> Optional.empty();
    };
  }
}
