package dev.cortado.server.grpc;

import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import dev.cortado.server.grpc.proto.ModelMetadataRequest;
import dev.cortado.server.grpc.proto.ModelMetadataResponse;
import dev.cortado.server.grpc.proto.ModelReadyRequest;
import dev.cortado.server.grpc.proto.ModelReadyResponse;
import dev.cortado.server.grpc.proto.ServerLiveRequest;
import dev.cortado.server.grpc.proto.ServerLiveResponse;
import dev.cortado.server.grpc.proto.ServerMetadataRequest;
import dev.cortado.server.grpc.proto.ServerMetadataResponse;
import dev.cortado.server.grpc.proto.ServerReadyRequest;
import dev.cortado.server.grpc.proto.ServerReadyResponse;
import dev.cortado.server.inference.InferenceService;
import dev.cortado.server.inference.ServerMetadata;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code inference.GRPCInferenceService} over the shared inference core: each method decodes,
 * calls the core, and encodes. No method blocks: inference completes on the model instance's
 * thread, which sends the answer.
 */
final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  private final InferenceService core;

  InferenceGrpcService(InferenceService core) {
    this.core = core;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
    answer(response, () -> ServerLiveResponse.newBuilder().setLive(core.isLive()).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
    answer(response, () -> ServerReadyResponse.newBuilder().setReady(core.isReady()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
    answer(response, () -> ModelReadyResponse.newBuilder()
        .setReady(core.isModelReady(request.getName(), version(request.getVersion())))
        .build());
  }

  @Override
  public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> response) {
    answer(response, () -> {
      ServerMetadata metadata = core.serverMetadata();
      return ServerMetadataResponse.newBuilder()
          .setName(metadata.name())
          .setVersion(metadata.version())
          .addAllExtensions(metadata.extensions())
          .build();
    });
  }

  @Override
  public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
    answer(response, () -> GrpcInferCodec.metadata(
        core.modelMetadata(request.getName(), version(request.getVersion()))));
  }

  @Override
  public void modelInfer(ModelInferRequest message, StreamObserver<ModelInferResponse> response) {
    CompletableFuture<InferenceResponse> answer;
    try {
      answer = core.infer(GrpcInferCodec.decode(message));
    } catch (RuntimeException e) {
      response.onError(GrpcStatuses.toStatusException(e));
      return;
    }
    answer.whenComplete((result, failure) -> {
      if (failure != null) {
        response.onError(GrpcStatuses.toStatusException(failure));
        return;
      }
      ModelInferResponse encoded;
      try {
        encoded = GrpcInferCodec.encode(result, GrpcInferCodec.answersRaw(message, result));
      } catch (RuntimeException e) {
        response.onError(GrpcStatuses.toStatusException(e));
        return;
      }
      response.onNext(encoded);
      response.onCompleted();
    });
  }

  private static Optional<String> version(String version) {
    return version.isEmpty() ? Optional.empty() : Optional.of(version);
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (RuntimeException e) {
      response.onError(GrpcStatuses.toStatusException(e));
      return;
    }
    response.onNext(value);
    response.onCompleted();
  }
}
