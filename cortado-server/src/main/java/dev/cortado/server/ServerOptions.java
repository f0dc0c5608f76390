package dev.cortado.server;

import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.control.scaling.ScalingPolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * @param autoscaler the scaling policy of the control loop, a name from {@link ScalingPolicies#NAMES},
 *     or {@code none}: no control loop (instances start on demand and stay)
 * @param scaling the settings of the {@code cortado} autoscaler
 */
public record ServerOptions(Path repository, String host, int httpPort, int grpcPort, int metricsPort, long bodyLimit, int eventLoops, int coreBudget,
    String selector, Path profiles, String batching, String autoscaler, CortadoScaling.Settings scaling) {
  public static final long DEFAULT_BODY_LIMIT = 64L << 20;
  /** The autoscaler name that runs no control loop. */
  public static final String NO_AUTOSCALER = "none";

  public ServerOptions {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(profiles, "profiles");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(autoscaler, "autoscaler");
    Objects.requireNonNull(scaling, "scaling");
    if (!autoscaler.equals(NO_AUTOSCALER) && !ScalingPolicies.NAMES.contains(autoscaler)) {
      throw new IllegalArgumentException("autoscaler = '" + autoscaler + "', must be " + NO_AUTOSCALER + " or one of "
          + String.join(", ", ScalingPolicies.NAMES));
    }
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
   * per core, a core budget of two instance threads per core (an instance computes only while
   * it has work, so idle instances of other models may share a core), and no autoscaler (the
   * command line turns {@code cortado}'s on).
   */
  public static ServerOptions defaults(Path repository) {
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new ServerOptions(repository, "127.0.0.1", 8000, 8001, 8002, DEFAULT_BODY_LIMIT, cores, 2 * cores,
        "cortado", defaultProfiles(repository), "cortado", NO_AUTOSCALER, CortadoScaling.Settings.defaults());
  }

  /** Options built from the defaults on a repository; every setter names its flag. */
  public static Builder builder(Path repository) {
    return new Builder(defaults(repository));
  }

  /** Builds {@link ServerOptions} from the defaults; the record validates once, in {@link #build()}. */
  public static final class Builder {
    private Path repository;
    private String host;
    private int httpPort;
    private int grpcPort;
    private int metricsPort;
    private long bodyLimit;
    private int eventLoops;
    private int coreBudget;
    private String selector;
    private Path profiles;
    private String batching;
    private String autoscaler;
    private CortadoScaling.Settings scaling;
    private Double targetUtilisation;
    private Duration scaleDownDelay;
    private Duration keepAlive;

    private Builder(ServerOptions o) {
      repository = o.repository;
      host = o.host;
      httpPort = o.httpPort;
      grpcPort = o.grpcPort;
      metricsPort = o.metricsPort;
      bodyLimit = o.bodyLimit;
      eventLoops = o.eventLoops;
      coreBudget = o.coreBudget;
      selector = o.selector;
      profiles = o.profiles;
      batching = o.batching;
      autoscaler = o.autoscaler;
      scaling = o.scaling;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder ports(int http, int grpc, int metrics) {
      httpPort = http;
      grpcPort = grpc;
      metricsPort = metrics;
      return this;
    }

    public Builder bodyLimit(long v) {
      bodyLimit = v;
      return this;
    }

    public Builder eventLoops(int v) {
      eventLoops = v;
      return this;
    }

    public Builder coreBudget(int v) {
      coreBudget = v;
      return this;
    }

    public Builder selector(String v) {
      selector = v;
      return this;
    }

    public Builder profiles(Path v) {
      profiles = v;
      return this;
    }

    public Builder batching(String v) {
      batching = v;
      return this;
    }

    /** The control loop's policy, or {@code none}. */
    public Builder autoscaler(String v) {
      autoscaler = v;
      return this;
    }

    /** The settings of the {@code cortado} autoscaler; {@link #scaleDownDelay} and {@link #keepAlive} apply over them. */
    public Builder scaling(CortadoScaling.Settings v) {
      scaling = v;
      return this;
    }

    /** How long a lower instance count must be wanted before instances go ({@code cortado}). */
    public Builder scaleDownDelay(Duration v) {
      scaleDownDelay = v;
      return this;
    }

    /**
     * The share, in (0, 1], of each instance's measured throughput the autoscaler plans to use
     * ({@code cortado}, {@code planned}).
     */
    public Builder targetUtilisation(Double v) {
      targetUtilisation = v;
      return this;
    }

    /** Fixes the keep-alive of an idle variant before it scales to zero ({@code cortado}; else chosen by cost). */
    public Builder keepAlive(Duration v) {
      keepAlive = v;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(repository, host, httpPort, grpcPort, metricsPort, bodyLimit, eventLoops, coreBudget,
          selector, profiles, batching, autoscaler, scalingSettings());
    }

    private CortadoScaling.Settings scalingSettings() {
      List<String> bad = new ArrayList<>();
      if (scaleDownDelay != null && scaleDownDelay.isNegative()) {
        bad.add("scale-down-delay = " + scaleDownDelay + ", must be >= 0");
      }
      if (keepAlive != null && keepAlive.isNegative()) {
        bad.add("keep-alive = " + keepAlive + ", must be >= 0");
      }
      if (targetUtilisation != null && !(targetUtilisation > 0 && targetUtilisation <= 1)) {
        bad.add("target-utilisation = " + targetUtilisation + ", must be in (0, 1]");
      }
      if (!bad.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", bad));
      }
      CortadoScaling.Settings s = Objects.requireNonNull(scaling, "scaling");
      double utilisation = targetUtilisation != null ? targetUtilisation : s.targetUtilisation();
      Duration delay = scaleDownDelay != null ? scaleDownDelay : s.scaleDownDelay();
      Duration minKeepAlive = keepAlive != null ? keepAlive : s.minKeepAlive();
      Duration maxKeepAlive = keepAlive != null ? keepAlive : s.maxKeepAlive();
      return new CortadoScaling.Settings(s.tick(), utilisation, s.reactiveWindow(), delay, s.resizeGain(),
          s.resizeHold(), s.violationCost(), minKeepAlive, maxKeepAlive, s.historyLimit(), s.latencyPressure());
    }
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
