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
 * @param selector the variant selector for model-less queries ({@code cortado} or {@code infaas})
 * @param profiles where variant profiles are read and written
 * @param batching the batching policy of models whose config names none ({@code cortado},
 *     {@code mlproxy}, {@code fixed}, {@code none})
 */
public record ServerOptions(Path repository, String host, int httpPort, int grpcPort, int metricsPort, long bodyLimit, int eventLoops, int coreBudget,
    String selector, Path profiles, String batching) {
  public static final long DEFAULT_BODY_LIMIT = 64L << 20;

  public ServerOptions {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(batching, "batching");
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
    return new ServerOptions(repository, "127.0.0.1", 8000, 8001, 8002, DEFAULT_BODY_LIMIT, cores, 2 * cores,
        "cortado", defaultProfiles(repository), "cortado");
  }

  public ServerOptions withPorts(int http, int grpc, int metrics) {
    return new ServerOptions(repository, host, http, grpc, metrics, bodyLimit, eventLoops, coreBudget, selector, profiles, batching);
  }

  public ServerOptions withCoreBudget(int cores) {
    return new ServerOptions(repository, host, httpPort, grpcPort, metricsPort, bodyLimit, eventLoops, cores, selector, profiles, batching);
  }

  public ServerOptions withSelector(String name) {
    return new ServerOptions(repository, host, httpPort, grpcPort, metricsPort, bodyLimit, eventLoops, coreBudget, name, profiles, batching);
  }

  public ServerOptions withProfiles(Path dir) {
    return new ServerOptions(repository, host, httpPort, grpcPort, metricsPort, bodyLimit, eventLoops, coreBudget, selector, dir, batching);
  }

  public ServerOptions withBatching(String policy) {
    return new ServerOptions(repository, host, httpPort, grpcPort, metricsPort, bodyLimit, eventLoops, coreBudget, selector, profiles, policy);
  }

  /** {@code profiles/} beside the repository folder. */
  public static Path defaultProfiles(Path repository) {
    Path parent = repository.toAbsolutePath().normalize().getParent();
    return (parent == null ? repository : parent).resolve("profiles");
  }

  private static void checkPort(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(key + " = " + port + ", must be in [0, 65535] (0 picks a free port)");
    }
  }
}
