package dev.cortado.server.grpc;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Asks a server's reflection service (v1) which services it offers, as grpcurl's {@code list} does. */
final class ReflectionClient {
  private ReflectionClient() {}

  static List<String> listServices(Channel channel) throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    List<String> collected = new ArrayList<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
        new StreamObserver<ServerReflectionResponse>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            response.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).forEach(collected::add);
          }

          @Override
          public void onError(Throwable t) {
            names.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            names.complete(collected);
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();
    return names.get(1, TimeUnit.MINUTES); // guards against a hang, not a speed check
  }
}
