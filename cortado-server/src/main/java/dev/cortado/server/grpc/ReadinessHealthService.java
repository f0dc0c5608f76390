package dev.cortado.server.grpc;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The standard {@code grpc.health.v1.Health} service, SERVING exactly when the inference core is
 * ready, for the whole server ({@code ""}) and for {@code inference.GRPCInferenceService}.
 * {@code Check} reads readiness at the moment of the call; {@code Watch} streams the status and
 * then each change that {@link #refresh()} observes (the frontend calls it periodically, since the
 * core announces no changes).
 */
final class ReadinessHealthService extends HealthGrpc.HealthImplBase {
  private final BooleanSupplier ready;
  private final Set<String> services;
  /** Guards {@link #watchers} and {@link #last}, and serialises sends to watchers. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<StreamObserver<HealthCheckResponse>> watchers = new LinkedHashSet<>();
  private ServingStatus last;
  private volatile boolean terminal;

  ReadinessHealthService(BooleanSupplier ready, Set<String> services) {
    this.ready = ready;
    this.services = Set.copyOf(services);
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    if (!services.contains(request.getService())) {
      response.onError(Status.NOT_FOUND
          .withDescription("unknown service '" + request.getService() + "'; known: " + services)
          .asRuntimeException());
      return;
    }
    response.onNext(response(current()));
    response.onCompleted();
  }

  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
    if (!services.contains(request.getService())) {
      // The health protocol answers a watch of an unknown service with SERVICE_UNKNOWN, not an error.
      response.onNext(response(ServingStatus.SERVICE_UNKNOWN));
      return;
    }
    ServerCallStreamObserver<HealthCheckResponse> call = (ServerCallStreamObserver<HealthCheckResponse>) response;
    call.setOnCancelHandler(() -> {
      lock.lock();
      try {
        watchers.remove(call);
      } finally {
        lock.unlock();
      }
    });
    lock.lock();
    try {
      watchers.add(call);
      call.onNext(response(current()));
    } finally {
      lock.unlock();
    }
  }

  /** Sends the status to every watcher if it changed since the last refresh. */
  void refresh() {
    ServingStatus now = current();
    lock.lock();
    try {
      if (now != last) {
        last = now;
        watchers.forEach(w -> w.onNext(response(now)));
      }
    } finally {
      lock.unlock();
    }
  }

  /** NOT_SERVING from now on, whatever the core says: the server is going away. */
  void enterTerminalState() {
    terminal = true;
    refresh();
  }

  private ServingStatus current() {
    if (terminal) {
      return ServingStatus.NOT_SERVING;
    }
    return ready.getAsBoolean() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  private static HealthCheckResponse response(ServingStatus status) {
    return HealthCheckResponse.newBuilder().setStatus(status).build();
  }
}
