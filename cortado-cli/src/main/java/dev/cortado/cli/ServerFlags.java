package dev.cortado.cli;

import dev.cortado.server.ServerOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Listening flags shared by {@code serve} and {@code demo}. */
final class ServerFlags {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--http-port", defaultValue = "8000", description = "REST port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--grpc-port", defaultValue = "8001", description = "gRPC port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(names = "--metrics-port", defaultValue = "8002", description = "Prometheus metrics port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--max-body-size", defaultValue = "67108864", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).")
  long maxBodySize;

  @Option(names = "--event-loops", description = "HTTP event loops (default: one per core).")
  Integer eventLoops;

  @Option(names = "--core-budget", description = "Cores model instances may hold in total, the sum of their intra-op threads (default: twice the core count).")
  Integer coreBudget;

  @Option(names = "--selector", defaultValue = "cortado",
      description = "Variant selector for model-less (task) queries: cortado or infaas (default: ${DEFAULT-VALUE}).")
  String selector;

  @Option(names = "--profiles", description = "Folder of variant profiles (default: profiles/ beside the repository).")
  Path profiles;

  @Option(names = "--batching", defaultValue = "cortado",
      description = "Batching policy of every model whose config.yaml names none: cortado, mlproxy, fixed or none (default: ${DEFAULT-VALUE}).")
  String batching;

  ServerOptions options(Path repository) {
    ServerOptions.Builder b = ServerOptions.builder(repository)
        .host(host).ports(httpPort, grpcPort, metricsPort).bodyLimit(maxBodySize).selector(selector).batching(batching);
    if (eventLoops != null) {
      b.eventLoops(eventLoops);
    }
    if (coreBudget != null) {
      b.coreBudget(coreBudget);
    }
    if (profiles != null) {
      b.profiles(profiles);
    }
    return b.build();
  }
}
