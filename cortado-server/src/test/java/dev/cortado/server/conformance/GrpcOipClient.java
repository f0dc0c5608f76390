package dev.cortado.server.conformance;

import com.google.protobuf.ByteString;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.core.tensor.TensorSpec;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.InferTensorContents;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferInputTensor;
import dev.cortado.server.grpc.proto.ModelInferRequest.InferRequestedOutputTensor;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import dev.cortado.server.grpc.proto.ModelInferResponse.InferOutputTensor;
import dev.cortado.server.grpc.proto.ModelMetadataRequest;
import dev.cortado.server.grpc.proto.ModelMetadataResponse;
import dev.cortado.server.grpc.proto.ModelReadyRequest;
import dev.cortado.server.grpc.proto.ServerLiveRequest;
import dev.cortado.server.grpc.proto.ServerMetadataRequest;
import dev.cortado.server.grpc.proto.ServerMetadataResponse;
import dev.cortado.server.grpc.proto.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gRPC transport: grpc-java's blocking stub over a plaintext Netty channel. The client builds
 * and reads the protocol's messages itself (typed {@code contents} or {@code raw_input_contents}),
 * independently of the server's codec, as {@link RestOipClient} does for JSON.
 */
final class GrpcOipClient implements OipClient {
  private final ManagedChannel channel;
  private final GRPCInferenceServiceBlockingStub stub;
  private final boolean raw;

  /** @param raw send every input in raw_input_contents; otherwise typed, in each input's contents */
  GrpcOipClient(int port, boolean raw) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(64 << 20)
        .build();
    this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    this.raw = raw;
  }

  @Override
  public String transport() {
    return raw ? "grpc-raw" : "grpc-typed";
  }

  @Override
  public boolean serverLive() {
    return stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive();
  }

  @Override
  public boolean serverReady() {
    return stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady();
  }

  @Override
  public ServerInfo serverMetadata() {
    ServerMetadataResponse r = stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
    return new ServerInfo(r.getName(), r.getVersion(), List.copyOf(r.getExtensionsList()));
  }

  @Override
  public Answer<ModelInfo> modelMetadata(String model, Optional<String> version) {
    return call(() -> {
      ModelMetadataResponse r = stub.modelMetadata(
          ModelMetadataRequest.newBuilder().setName(model).setVersion(version.orElse("")).build());
      return new ModelInfo(r.getName(), List.copyOf(r.getVersionsList()), r.getPlatform(),
          specs(r.getInputsList()), specs(r.getOutputsList()), new TreeMap<>(r.getPropertiesMap()));
    });
  }

  private static List<TensorSpec> specs(List<ModelMetadataResponse.TensorMetadata> tensors) {
    return tensors.stream()
        .map(t -> new TensorSpec(t.getName(), datatype(t.getDatatype()), shape(t.getShapeList())))
        .toList();
  }

  @Override
  public Answer<Boolean> modelReady(String model, Optional<String> version) {
    return call(() -> stub.modelReady(
        ModelReadyRequest.newBuilder().setName(model).setVersion(version.orElse("")).build()).getReady());
  }

  @Override
  public Answer<InferenceResponse> infer(InferenceRequest request) {
    return call(() -> decode(stub.modelInfer(encode(request))));
  }

  /** The request as the protocol's message; FP16 and BF16 have no typed form, so they force raw. */
  private ModelInferRequest encode(InferenceRequest request) {
    boolean sendRaw = raw || request.inputs().stream().anyMatch(t -> !hasTypedForm(t.datatype()));
    ModelInferRequest.Builder out = ModelInferRequest.newBuilder()
        .setModelName(request.modelName())
        .setModelVersion(request.version().orElse(""))
        .setId(request.id().orElse(""));
    request.parameters().asMap().forEach((k, v) -> out.putParameters(k, parameter(v)));
    for (Tensor t : request.inputs()) {
      InferInputTensor.Builder in = out.addInputsBuilder().setName(t.name()).setDatatype(t.datatype().name());
      for (long d : t.shape().toArray()) {
        in.addShape(d);
      }
      if (sendRaw) {
        out.addRawInputContents(ByteString.copyFrom(t.data()));
      } else {
        in.setContents(typed(t));
      }
    }
    for (RequestedOutput o : request.outputs()) {
      InferRequestedOutputTensor.Builder r = out.addOutputsBuilder().setName(o.name());
      o.parameters().asMap().forEach((k, v) -> r.putParameters(k, parameter(v)));
    }
    return out.build();
  }

  private static InferenceResponse decode(ModelInferResponse r) {
    boolean rawOut = r.getRawOutputContentsCount() > 0;
    if (rawOut && r.getRawOutputContentsCount() != r.getOutputsCount()) {
      throw new AssertionError("response has " + r.getOutputsCount() + " outputs but "
          + r.getRawOutputContentsCount() + " raw_output_contents entries");
    }
    List<Tensor> outputs = new ArrayList<>(r.getOutputsCount());
    for (int i = 0; i < r.getOutputsCount(); i++) {
      InferOutputTensor o = r.getOutputs(i);
      Datatype type = datatype(o.getDatatype());
      ByteBuffer data = rawOut
          ? r.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
          : fromTyped(type, o.getContents());
      outputs.add(Tensor.of(o.getName(), type, shape(o.getShapeList()), data));
    }
    Parameters.Builder params = Parameters.builder();
    new TreeMap<>(r.getParametersMap()).forEach((k, p) -> params.put(k, value(p)));
    return new InferenceResponse(r.getModelName(), r.getModelVersion(),
        r.getId().isEmpty() ? Optional.empty() : Optional.of(r.getId()), params.build(), outputs);
  }

  private static boolean hasTypedForm(Datatype type) {
    return type != Datatype.FP16 && type != Datatype.BF16;
  }

  /** A tensor's elements in the contents field its datatype travels in (Triton's mapping). */
  private static InferTensorContents typed(Tensor t) {
    ByteBuffer b = t.data();
    long n = t.elementCount();
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    for (long i = 0; i < n; i++) {
      switch (t.datatype()) {
        case BOOL -> c.addBoolContents(b.get() != 0);
        case INT8 -> c.addIntContents(b.get());
        case INT16 -> c.addIntContents(b.getShort());
        case INT32 -> c.addIntContents(b.getInt());
        case INT64 -> c.addInt64Contents(b.getLong());
        case UINT8 -> c.addUintContents(b.get() & 0xff);
        case UINT16 -> c.addUintContents(b.getShort() & 0xffff);
        case UINT32 -> c.addUintContents(b.getInt());
        case UINT64 -> c.addUint64Contents(b.getLong());
        case FP32 -> c.addFp32Contents(b.getFloat());
        case FP64 -> c.addFp64Contents(b.getDouble());
        case BYTES -> {
          byte[] e = new byte[b.getInt()];
          b.get(e);
          c.addBytesContents(ByteString.copyFrom(e));
        }
        case FP16, BF16 -> throw new IllegalArgumentException(t.datatype() + " has no typed contents field");
      }
    }
    return c.build();
  }

  /** Typed contents as little-endian bytes, read from the field the datatype travels in. */
  private static ByteBuffer fromTyped(Datatype type, InferTensorContents c) {
    return switch (type) {
      case BOOL -> {
        ByteBuffer b = le(c.getBoolContentsCount());
        c.getBoolContentsList().forEach(v -> b.put((byte) (v ? 1 : 0)));
        yield b.flip();
      }
      case INT8, INT16, INT32 -> {
        ByteBuffer b = le(c.getIntContentsCount() * type.byteSize());
        for (int v : c.getIntContentsList()) {
          putNarrow(b, type.byteSize(), v);
        }
        yield b.flip();
      }
      case UINT8, UINT16, UINT32 -> {
        ByteBuffer b = le(c.getUintContentsCount() * type.byteSize());
        for (int v : c.getUintContentsList()) {
          putNarrow(b, type.byteSize(), v);
        }
        yield b.flip();
      }
      case INT64 -> {
        ByteBuffer b = le(c.getInt64ContentsCount() * 8);
        c.getInt64ContentsList().forEach(b::putLong);
        yield b.flip();
      }
      case UINT64 -> {
        ByteBuffer b = le(c.getUint64ContentsCount() * 8);
        c.getUint64ContentsList().forEach(b::putLong);
        yield b.flip();
      }
      case FP32 -> {
        ByteBuffer b = le(c.getFp32ContentsCount() * 4);
        c.getFp32ContentsList().forEach(b::putFloat);
        yield b.flip();
      }
      case FP64 -> {
        ByteBuffer b = le(c.getFp64ContentsCount() * 8);
        c.getFp64ContentsList().forEach(b::putDouble);
        yield b.flip();
      }
      case BYTES -> {
        ByteBuffer b = le(c.getBytesContentsList().stream().mapToInt(e -> 4 + e.size()).sum());
        c.getBytesContentsList().forEach(e -> b.putInt(e.size()).put(e.toByteArray()));
        yield b.flip();
      }
      case FP16, BF16 -> throw new AssertionError(type + " output sent typed; it has no typed contents field");
    };
  }

  private static void putNarrow(ByteBuffer b, int size, int v) {
    switch (size) {
      case 1 -> b.put((byte) v);
      case 2 -> b.putShort((short) v);
      default -> b.putInt(v);
    }
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static InferParameter parameter(Object v) {
    InferParameter.Builder p = InferParameter.newBuilder();
    switch (v) {
      case String s -> p.setStringParam(s);
      case Long l -> p.setInt64Param(l);
      case Double d -> p.setDoubleParam(d);
      case Boolean b -> p.setBoolParam(b);
      default -> throw new IllegalArgumentException("not a parameter value: " + v.getClass());
    }
    return p.build();
  }

  private static Object value(InferParameter p) {
    return switch (p.getParameterChoiceCase()) {
      case BOOL_PARAM -> p.getBoolParam();
      case INT64_PARAM -> p.getInt64Param();
      case STRING_PARAM -> p.getStringParam();
      case DOUBLE_PARAM -> p.getDoubleParam();
      case UINT64_PARAM -> p.getUint64Param();
      case PARAMETERCHOICE_NOT_SET -> throw new AssertionError("response parameter without a value: " + p);
    };
  }

  private static Datatype datatype(String name) {
    return Datatype.parse(name).orElseThrow(() -> new AssertionError("server sent unknown datatype '" + name + "'"));
  }

  private static Shape shape(List<Long> dims) {
    return Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
  }

  /** Runs one call; a status other than OK becomes the error it stands for, with its description. */
  private static <T> Answer<T> call(Supplier<T> rpc) {
    try {
      return Answer.ok(rpc.get());
    } catch (StatusRuntimeException e) {
      Status s = e.getStatus();
      ErrorCode code = switch (s.getCode()) {
        case NOT_FOUND -> ErrorCode.NOT_FOUND;
        case INVALID_ARGUMENT -> ErrorCode.INVALID_ARGUMENT;
        case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
        case RESOURCE_EXHAUSTED -> ErrorCode.RESOURCE_EXHAUSTED;
        case UNIMPLEMENTED -> ErrorCode.UNIMPLEMENTED;
        case DEADLINE_EXCEEDED -> ErrorCode.DEADLINE_EXCEEDED;
        default -> ErrorCode.INTERNAL;
      };
      return Answer.failed(code, s.getDescription() == null ? "(no status description)" : s.getDescription());
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
