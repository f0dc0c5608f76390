package dev.cortado.cli;

import dev.cortado.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Listening, batching and autoscaling flags shared by {@code serve} and {@code demo}. */
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

  @Option(names = "--autoscaler", defaultValue = "cortado",
      description = "Control loop scaling policy: cortado, kpa, ray, infaas or static; none runs no control loop "
          + "(instances start on demand and stay) (default: ${DEFAULT-VALUE}).")
  String autoscaler;

  @Option(names = "--scale-down-delay", converter = DurationConverter.class,
      description = "How long a lower instance count must be wanted before instances stop, e.g. 30s (cortado autoscaler; default: 60s).")
  Duration scaleDownDelay;

  @Option(names = "--target-utilisation", paramLabel = "U",
      description = "Share, in (0, 1], of each instance's measured throughput the autoscaler plans to use; less buys "
          + "headroom for load the forecast does not see (cortado autoscaler; default: 0.8).")
  Double targetUtilisation;

  @Option(names = "--keep-alive", converter = DurationConverter.class,
      description = "How long an idle variant keeps its last instance before it scales to zero, e.g. 30s "
          + "(cortado autoscaler; default: chosen by cost between 10s and 15m).")
  Duration keepAlive;

  ServerOptions options(Path repository) {
    ServerOptions.Builder b = ServerOptions.builder(repository)
        .host(host).ports(httpPort, grpcPort, metricsPort).bodyLimit(maxBodySize).selector(selector).batching(batching)
        .autoscaler(autoscaler).scaleDownDelay(scaleDownDelay).keepAlive(keepAlive)
        .targetUtilisation(targetUtilisation);
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

  /** A duration as a number and a unit: {@code 500ms}, {@code 30s}, {@code 1.5m}, {@code 2h}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String text) {
      Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException("'" + text + "' is not a duration; give a number and a unit (ms, s, m or h), e.g. 30s");
      }
      double unitNanos = switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * unitNanos));
    }
  }
}
