package dev.cortado.cli.bench;

import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc;
import dev.cortado.server.grpc.proto.InferParameter;
import dev.cortado.server.grpc.proto.ModelInferRequest;
import dev.cortado.server.grpc.proto.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Open Inference Protocol gRPC: {@code ModelInfer} over one plaintext HTTP/2 channel with the async
 * stub, each class's request built once ({@link GrpcRequests}) and sent as is. Failures are counted
 * by gRPC status code number (UNAVAILABLE = 14 when the server cannot be reached,
 * DEADLINE_EXCEEDED = 4 past the 30 s deadline, RESOURCE_EXHAUSTED = 8 when it sheds load).
 */
final class GrpcTransport implements Transport {
  private static final long DEADLINE_SECONDS = 30;
  private static final int MAX_RESPONSE_BYTES = 64 << 20;

  private final ManagedChannel channel;
  private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub;
  private final List<ModelInferRequest> requests;

  private GrpcTransport(ManagedChannel channel, List<ModelInferRequest> requests) {
    this.channel = channel;
    this.stub = GRPCInferenceServiceGrpc.newStub(channel);
    this.requests = List.copyOf(requests);
  }

  /**
   * A transport to {@code target}. Connects on the first request.
   *
   * @param target {@code HOST:PORT}, e.g. {@code 127.0.0.1:8001} or {@code [::1]:8001}
   * @param requests each class's request, in the classes' order
   * @throws IllegalArgumentException when the target is not HOST:PORT
   */
  static GrpcTransport connect(String target, List<ModelInferRequest> requests) {
    int colon = target.lastIndexOf(':');
    String host = colon > 0 ? target.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("--grpc-target = " + target + ", must be HOST:PORT with a port in 1..65535");
    }
    // Callbacks run on the channel's event loop: they only complete a future, and latency is read there.
    ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor()
        .maxInboundMessageSize(MAX_RESPONSE_BYTES).build();
    return new GrpcTransport(channel, requests);
  }

  @Override
  public CompletableFuture<Outcome> send(int classIndex) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).modelInfer(requests.get(classIndex), new StreamObserver<>() {
      private ModelInferResponse response;

      @Override
      public void onNext(ModelInferResponse value) {
        response = value;
      }

      @Override
      public void onError(Throwable t) {
        outcome.complete(new Outcome.Failed(Status.fromThrowable(t).getCode().value()));
      }

      @Override
      public void onCompleted() {
        outcome.complete(response == null ? new Outcome.Failed(Status.Code.INTERNAL.value()) : answered(response));
      }
    });
    return outcome;
  }

  @Override
  public String errorCodes() {
    return "gRPC code";
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static Outcome answered(ModelInferResponse response) {
    Map<String, InferParameter> p = response.getParametersMap();
    InferParameter variant = p.get("variant");
    return new Outcome.Answered(
        variant != null && variant.hasStringParam() ? variant.getStringParam() : null,
        number(p.get("variant_accuracy")), number(p.get("cost_usd")),
        number(p.get("queue_ms")) + number(p.get("compute_ms")));
  }

  private static double number(InferParameter p) {
    if (p == null) {
      return Double.NaN;
    }
    return switch (p.getParameterChoiceCase()) {
      case DOUBLE_PARAM -> p.getDoubleParam();
      case INT64_PARAM -> p.getInt64Param();
      case UINT64_PARAM -> Double.parseDouble(Long.toUnsignedString(p.getUint64Param()));
      case BOOL_PARAM, STRING_PARAM, PARAMETERCHOICE_NOT_SET -> Double.NaN;
    };
  }
}
