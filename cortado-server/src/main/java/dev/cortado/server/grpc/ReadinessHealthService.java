package dev.cortado.server.grpc;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.Map;
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
  /** Guards {@link #watchers} and serialises sends to them. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Each open watch and the status it was last sent. */
  private final Map<StreamObserver<HealthCheckResponse>, ServingStatus> watchers = new LinkedHashMap<>();
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
      ServingStatus now = current();
      call.onNext(response(now));
      if (terminal) {
        call.onCompleted();
      } else {
        watchers.put(call, now);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends the status to every watcher that was last sent another. */
  void refresh() {
    ServingStatus now = current();
    lock.lock();
    try {
      for (Map.Entry<StreamObserver<HealthCheckResponse>, ServingStatus> w : watchers.entrySet()) {
        if (w.getValue() != now) {
          w.getKey().onNext(response(now));
          w.setValue(now);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * NOT_SERVING from now on, whatever the core says: the server is going away. Watchers get
   * NOT_SERVING and their streams end, so that they do not hold up a graceful shutdown.
   */
  void enterTerminalState() {
    terminal = true;
    refresh();
    lock.lock();
    try {
      watchers.keySet().forEach(StreamObserver::onCompleted);
      watchers.clear();
    } finally {
      lock.unlock();
    }
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
