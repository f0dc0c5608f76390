package dev.cortado.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a server. Ports of 0 pick free ones.
 *
 * @param repository the model repository folder
 * @param host the address to listen on
 * @param bodyLimit the largest request body accepted, in bytes
 * @param eventLoops HTTP event loops (one server per loop)
 * @param coreBudget the cores model instances may hold in total (sum of their intra-op threads)
 */
public record ServerOptions(Path repository, String host, int httpPort, int grpcPort, int metricsPort, long bodyLimit, int eventLoops, int coreBudget) {
  public static final long DEFAULT_BODY_LIMIT = 64L << 20;

  public ServerOptions {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(host, "host");
    checkPort("http-port", httpPort);
    checkPort("grpc-port", grpcPort);
    checkPort("metrics-port", metricsPort);
    if (bodyLimit < 1) {
      throw new IllegalArgumentException("max-body-size = " + bodyLimit + ", must be at least 1 byte");
    }
    if (coreBudget < 1) {
      throw new IllegalArgumentException("core-budget = " + coreBudget + ", must be at least 1");
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("event-loops = " + eventLoops + ", must be at least 1");
    }
  }

  /**
   * The defaults on a repository: 127.0.0.1, ports 8000/8001/8002, 64 MiB bodies, one event loop
   * per core, and a core budget of two instance threads per core (an instance computes only while
   * it has work, so idle instances of other models may share a core).
   */
  public static ServerOptions defaults(Path repository) {
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new ServerOptions(repository, "127.0.0.1", 8000, 8001, 8002, DEFAULT_BODY_LIMIT, cores, 2 * cores);
  }

  public ServerOptions withPorts(int http, int grpc, int metrics) {
    return new ServerOptions(repository, host, http, grpc, metrics, bodyLimit, eventLoops, coreBudget);
  }

  public ServerOptions withCoreBudget(int cores) {
    return new ServerOptions(repository, host, httpPort, grpcPort, metricsPort, bodyLimit, eventLoops, cores);
  }

  private static void checkPort(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " = " + port + ", must be in [0, 65535] (0 picks a free port)");
    }
  }
}
