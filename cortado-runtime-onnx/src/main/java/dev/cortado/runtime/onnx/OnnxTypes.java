package dev.cortado.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.cortado.core.tensor.Datatype;
import java.util.Optional;

/** Maps between the protocol's datatypes and ONNX Runtime's element types. */
final class OnnxTypes {
  private OnnxTypes() {}

  /** The protocol datatype of an ONNX element type, if the protocol has one. */
  static Optional<Datatype> datatypeOf(OnnxTensorType type) {
    return Optional.ofNullable(
        switch (type) {
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> Datatype.BOOL;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> Datatype.UINT8;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> Datatype.UINT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> Datatype.UINT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> Datatype.UINT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> Datatype.INT8;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> Datatype.INT16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> Datatype.INT32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> Datatype.INT64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> Datatype.FP16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> Datatype.BF16;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> Datatype.FP32;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> Datatype.FP64;
          case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> Datatype.BYTES;
          default -> null;
        });
  }

  /**
   * The Java API's type for creating a tensor of this datatype from bytes. ONNX Runtime's Java API
   * cannot create UINT16, UINT32 or UINT64 tensors; those are empty.
   */
  static Optional<OnnxJavaType> javaTypeOf(Datatype datatype) {
    return Optional.ofNullable(
        switch (datatype) {
          case BOOL -> OnnxJavaType.BOOL;
          case UINT8 -> OnnxJavaType.UINT8;
          case INT8 -> OnnxJavaType.INT8;
          case INT16 -> OnnxJavaType.INT16;
          case INT32 -> OnnxJavaType.INT32;
          case INT64 -> OnnxJavaType.INT64;
          case FP16 -> OnnxJavaType.FLOAT16;
          case BF16 -> OnnxJavaType.BFLOAT16;
          case FP32 -> OnnxJavaType.FLOAT;
          case FP64 -> OnnxJavaType.DOUBLE;
          case BYTES -> OnnxJavaType.STRING;
          case UINT16, UINT32, UINT64 -> null;
        });
  }
}
