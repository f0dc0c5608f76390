package dev.cortado.server.grpc;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.server.grpc.proto.GRPCInferenceServiceGrpc;
import dev.cortado.server.inference.InferenceService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gRPC transport: {@code inference.GRPCInferenceService} on grpc-java's Netty server, with the
 * standard health service (SERVING when the core is ready) and server reflection (v1 and v1alpha).
 * It shares the {@link InferenceService} with REST and differs from it only in decoding and
 * encoding. Calls run on the Netty event loop: decoding is short, and inference itself runs on the
 * model instance's thread, which also sends the answer (see docs/grpc.md for the measurement).
 */
public final class GrpcFrontend implements AutoCloseable {
  /** The protocol's default gRPC port. */
  public static final int DEFAULT_PORT = 8001;
  /** The default largest request message, 64 MiB. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  private static final System.Logger LOG = System.getLogger(GrpcFrontend.class.getName());
  private static final long HEALTH_REFRESH_MILLIS = 1000;
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final InferenceService core;
  private final int maxInboundMessageBytes;
  /** Guards {@link #server}, {@link #health} and {@link #refresher}. */
  private final ReentrantLock lock = new ReentrantLock();
  private Server server;
  private ReadinessHealthService health;
  private ScheduledExecutorService refresher;

  public GrpcFrontend(InferenceService core) {
    this(core, DEFAULT_MAX_INBOUND_MESSAGE_BYTES);
  }

  /** @param maxInboundMessageBytes the largest request message; a larger one fails with RESOURCE_EXHAUSTED */
  public GrpcFrontend(InferenceService core, int maxInboundMessageBytes) {
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "max inbound message size = " + maxInboundMessageBytes + " bytes, must be at least 1024");
    }
    this.core = core;
    this.maxInboundMessageBytes = maxInboundMessageBytes;
  }

  /**
   * Starts listening.
   *
   * @param port the port, or 0 for any free one
   * @return the port bound
   * @throws CortadoException UNAVAILABLE when the address cannot be bound
   */
  @SuppressWarnings("deprecation") // ProtoReflectionService is v1alpha, which many clients still ask for
  public int start(String host, int port) {
    lock.lock();
    try {
      if (server != null) {
        throw new IllegalStateException("the gRPC frontend is already started on port " + server.getPort());
      }
      ReadinessHealthService readiness = new ReadinessHealthService(
          core::isReady, Set.of("", GRPCInferenceServiceGrpc.SERVICE_NAME));
      Server s = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
          .directExecutor()
          .maxInboundMessageSize(maxInboundMessageBytes)
          .addService(new InferenceGrpcService(core))
          .addService(readiness)
          .addService(ProtoReflectionServiceV1.newInstance())
          .addService(ProtoReflectionService.newInstance())
          .build();
      try {
        s.start();
      } catch (IOException e) {
        throw new CortadoException(
            ErrorCode.UNAVAILABLE, "cannot listen for gRPC on " + host + ":" + port + ": " + e.getMessage(), e);
      }
      ScheduledExecutorService r = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "cortado-grpc-health");
        t.setDaemon(true);
        return t;
      });
      r.scheduleWithFixedDelay(readiness::refresh, 0, HEALTH_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
      server = s;
      health = readiness;
      refresher = r;
      LOG.log(System.Logger.Level.INFO, "gRPC listening on {0}:{1,number,#}", host, s.getPort());
      return s.getPort();
    } finally {
      lock.unlock();
    }
  }

  /** The port bound, or -1 before {@link #start}. */
  public int port() {
    lock.lock();
    try {
      return server == null ? -1 : server.getPort();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops gracefully: health turns NOT_SERVING, new calls are refused, calls in flight get up to
   * 10 seconds to finish, then the rest are cancelled.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (server == null) {
        return;
      }
      health.enterTerminalState();
      refresher.shutdownNow();
      server.shutdown();
      try {
        if (!server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
          LOG.log(System.Logger.Level.WARNING, "gRPC calls still running after {0} s; cancelling them", SHUTDOWN_GRACE_SECONDS);
          server.shutdownNow().awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
      server = null;
    } finally {
      lock.unlock();
    }
  }
}
