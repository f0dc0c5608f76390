package dev.cortado.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferRequestedOutputTensor;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import dev.cortado.server.grpc.proto.ModelMetadataResponse;
import dev.cortado.server.inference.ModelMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The gRPC messages of the Open Inference Protocol to and from the inference core's records. Only
 * decoding and encoding happen here: what a request may ask of a model is checked by the core, the
 * same for every transport.
 *
 * <p>Tensor data arrives either typed (each input's {@code contents}) or raw ({@code
 * raw_input_contents}, one little-endian entry per input); a request that mixes the two is
 * refused. The response mirrors the request: raw in, raw out; typed in, typed out, unless an output
 * is FP16 or BF16, which have no typed form, and then the whole response is raw.
 */
final class GrpcInferCodec {
  private GrpcInferCodec() {}

  /**
   * A request as the core takes it.
   *
   * @throws CortadoException INVALID_ARGUMENT when the message cannot be a request (a nameless
   *     input or output, no or unknown datatype, bad shape, mixed or miscounted raw contents,
   *     out-of-range elements, bad parameters)
   */
  static InferenceRequest decode(ModelInferRequest message) {
    boolean raw = message.getRawInputContentsCount() > 0;
    int inputCount = message.getInputsCount();
    if (raw && message.getRawInputContentsCount() != inputCount) {
      throw CortadoException.invalidArgument(
          "raw_input_contents has %d entries but the request has %d inputs; send one entry per input, in order",
          message.getRawInputContentsCount(), inputCount);
    }
    List<Tensor> inputs = new ArrayList<>(inputCount);
    for (int i = 0; i < inputCount; i++) {
      InferInputTensor input = message.getInputs(i);
      String name = input.getName();
      if (name.isEmpty()) {
        // proto3 cannot tell an empty name from a missing one; REST's words for a missing name.
        throw CortadoException.invalidArgument("inputs[%d] has no name", i);
      }
      Datatype datatype = datatype(name, input.getDatatype());
      Shape shape = shape(input);
      ByteBuffer data;
      if (raw) {
        if (GrpcTensorCodec.hasElements(input.getContents())) {
          throw CortadoException.invalidArgument(
              "input '%s' has typed contents but the request also has raw_input_contents; send every input one way",
              name);
        }
        data = message.getRawInputContents(i).asReadOnlyByteBuffer();
      } else {
        data = GrpcTensorCodec.decode(name, datatype, input.getContents());
        long elements = datatype.isFixedSize()
            ? data.remaining() / datatype.byteSize() : input.getContents().getBytesContentsCount();
        if (elements != shape.elementCount()) {
          // REST's words for typed (JSON) data that does not fit the shape.
          throw CortadoException.invalidArgument(
              "input '%s' has %d elements; shape %s needs %d", name, elements, shape, shape.elementCount());
        }
      }
      inputs.add(Tensor.of(name, datatype, shape, data));
    }
    List<RequestedOutput> outputs = new ArrayList<>(message.getOutputsCount());
    for (InferRequestedOutputTensor output : message.getOutputsList()) {
      if (output.getName().isEmpty()) {
        throw CortadoException.invalidArgument("outputs[%d] has no name", outputs.size());
      }
      outputs.add(new RequestedOutput(output.getName(), parameters(output.getParametersMap())));
    }
    return new InferenceRequest(
        message.getModelName(),
        nonEmpty(message.getModelVersion()),
        nonEmpty(message.getId()),
        parameters(message.getParametersMap()),
        inputs,
        outputs);
  }

  /** Whether the response to this request carries its data raw (see the class comment). */
  static boolean answersRaw(ModelInferRequest request, InferenceResponse response) {
    if (request.getRawInputContentsCount() > 0) {
      return true;
    }
    for (Tensor output : response.outputs()) {
      if (!GrpcTensorCodec.hasTypedForm(output.datatype())) {
        return true;
      }
    }
    return false;
  }

  /** A response, its data raw or typed. */
  static ModelInferResponse encode(InferenceResponse response, boolean raw) {
    ModelInferResponse.Builder out = ModelInferResponse.newBuilder()
        .setModelName(response.modelName())
        .setModelVersion(response.modelVersion());
    response.id().ifPresent(out::setId);
    response.parameters().asMap().forEach((k, v) -> out.putParameters(k, parameter(v)));
    for (Tensor tensor : response.outputs()) {
      ModelInferResponse.InferOutputTensor.Builder t = out.addOutputsBuilder()
          .setName(tensor.name())
          .setDatatype(tensor.datatype().name());
      for (long d : tensor.shape().toArray()) {
        t.addShape(d);
      }
      if (raw) {
        // A tensor's bytes are immutable by contract, so the response may share them.
        out.addRawOutputContents(UnsafeByteOperations.unsafeWrap(tensor.data()));
      } else {
        t.setContents(GrpcTensorCodec.encode(tensor));
      }
    }
    return out.build();
  }

  /**
   * The protocol's parameter map as core {@link Parameters}, in key order. A {@code uint64_param}
   * must fit a signed 64-bit number.
   */
  static Parameters parameters(Map<String, InferParameter> map) {
    if (map.isEmpty()) {
      return Parameters.empty();
    }
    Parameters.Builder out = Parameters.builder();
    new TreeMap<>(map).forEach((key, p) -> out.put(key, switch (p.getParameterChoiceCase()) {
      case BOOL_PARAM -> p.getBoolParam();
      case INT64_PARAM -> p.getInt64Param();
      case STRING_PARAM -> p.getStringParam();
      case DOUBLE_PARAM -> p.getDoubleParam();
      case UINT64_PARAM -> {
        if (p.getUint64Param() < 0) {
          throw CortadoException.invalidArgument(
              "parameter '%s' = %s is larger than %d, the largest whole number a parameter may hold",
              key, Long.toUnsignedString(p.getUint64Param()), Long.MAX_VALUE);
        }
        yield p.getUint64Param();
      }
      case PARAMETERCHOICE_NOT_SET -> throw CortadoException.invalidArgument(
          "parameter '%s' has no value; set one of bool_param, int64_param, string_param, double_param, uint64_param",
          key);
    }));
    return out.build();
  }

  /** One core parameter value (string, long, double or boolean) as the protocol's. */
  static InferParameter parameter(Object value) {
    InferParameter.Builder p = InferParameter.newBuilder();
    switch (value) {
      case String s -> p.setStringParam(s);
      case Long l -> p.setInt64Param(l);
      case Double d -> p.setDoubleParam(d);
      case Boolean b -> p.setBoolParam(b);
      default -> throw new IllegalArgumentException("not a parameter value: " + value.getClass());
    }
    return p.build();
  }

  /** A model's metadata as the protocol's message. */
  static ModelMetadataResponse metadata(ModelMetadata metadata) {
    ModelMetadataResponse.Builder out = ModelMetadataResponse.newBuilder()
        .setName(metadata.name())
        .addAllVersions(metadata.versions())
        .setPlatform(metadata.platform())
        .putAllProperties(new TreeMap<>(metadata.properties()));
    metadata.inputs().forEach(spec -> out.addInputs(tensorMetadata(spec)));
    metadata.outputs().forEach(spec -> out.addOutputs(tensorMetadata(spec)));
    return out.build();
  }

  private static ModelMetadataResponse.TensorMetadata tensorMetadata(TensorSpec spec) {
    ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
        .setName(spec.name())
        .setDatatype(spec.datatype().name());
    for (long d : spec.shape().toArray()) {
      t.addShape(d);
    }
    return t.build();
  }

  private static Datatype datatype(String input, String name) {
    if (name.isEmpty()) {
      throw CortadoException.invalidArgument("input '%s' has no datatype", input);
    }
    return Datatype.parse(name).orElseThrow(() -> CortadoException.invalidArgument(
        "input '%s' has datatype '%s'; expected one of %s", input, name, Arrays.toString(Datatype.values())));
  }

  private static Shape shape(InferInputTensor input) {
    long[] dims = new long[input.getShapeCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = input.getShape(i);
      if (dims[i] < 0) {
        // REST's words for the same mistake.
        throw CortadoException.invalidArgument(
            "input '%s'.shape[%d] = %d; dimensions are whole numbers >= 0", input.getName(), i, dims[i]);
      }
    }
    return Shape.of(dims);
  }

  private static Optional<String> nonEmpty(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
