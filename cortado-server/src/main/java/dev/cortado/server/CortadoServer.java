package dev.cortado.server;

import dev.cortado.core.model.ModelRuntime;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.control.cost.CostModel;
import dev.cortado.control.selection.Selectors;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.batching.CpuGauge;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.control.ControlLoop;
import dev.cortado.server.control.DecisionLog;
import dev.cortado.server.control.KnownProfiles;
import dev.cortado.server.control.ScalingMetrics;
import dev.cortado.server.control.ServingSetup;
import dev.cortado.server.routing.ProfileBook;
import dev.cortado.server.routing.RequestCosting;
import dev.cortado.server.routing.RequestClasses;
import dev.cortado.server.routing.TaskRouter;
import dev.cortado.server.execution.CoreBudget;
import dev.cortado.server.grpc.GrpcFrontend;
import dev.cortado.server.inference.InferenceService;
import dev.cortado.server.metrics.MetricsEndpoint;
import dev.cortado.server.metrics.ServerMetrics;
import dev.cortado.server.pipeline.PipelineCatalog;
import dev.cortado.server.profile.ProfileCatalog;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.server.rest.RestFrontend;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.Optional;

/**
 * A running Cortado server: the model repository, the inference core, its frontends (REST,
 * gRPC, metrics) and, unless the autoscaler is {@code none}, the control loop that scales its
 * instances. Constructed and started by {@code main} or a test; closing it stops the control loop,
 * stops taking requests, finishes those accepted, and frees every model.
 */
public final class CortadoServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CortadoServer.class.getName());

  private final ServerOptions options;
  private final ModelRuntime runtime;
  private final ModelRepository repository;
  private final LocalCluster cluster;
  private final ProfileBook profiles;
  private final TaskRouter router;
  /** The request classes the router sees and the autoscaler consolidates. */
  private final RequestClasses classes = new RequestClasses();
  private final Batchers batchers;
  private final ServerMetrics metrics = new ServerMetrics();
  private final InferenceService service;
  private final Vertx vertx;
  private final RestFrontend rest;
  private final GrpcFrontend grpc;
  private final MetricsEndpoint metricsEndpoint;
  private final DecisionLog decisions;
  private Optional<ControlLoop> controlLoop = Optional.empty();
  private Ports ports;

  private CortadoServer(ServerOptions options) {
    this.options = options;
    this.runtime = OnnxModelRuntime.create();
    this.repository = new ModelRepository(options.repository(), runtime, new CoreBudget(options.coreBudget()), Clock.systemUTC());
    this.cluster = new LocalCluster(repository, Clock.systemUTC());
    this.profiles = new ProfileBook();
    CostModel cost = CostModel.cloudRunDefaults();
    this.router = new TaskRouter(cluster, profiles, Selectors.byName(options.selector()), cost, classes);
    this.batchers = new Batchers(options.batching(), profiles, Clock.systemUTC(), CpuGauge.machine()::busy);
    this.service = new InferenceService(repository, cluster, Optional.of(router), Optional.of(new RequestCosting(cost, profiles)),
        batchers, metrics, Clock.systemUTC(), version());
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()).setPreferNativeTransport(false));
    this.decisions = options.autoscaler().equals(ServerOptions.NO_AUTOSCALER) ? DecisionLog.none()
        : new DecisionLog(options.autoscaler(), DecisionLog.DEFAULT_CAPACITY);
    this.rest = new RestFrontend(service, vertx, options.bodyLimit(), decisions);
    this.grpc = new GrpcFrontend(service);
    this.metricsEndpoint = new MetricsEndpoint(metrics, vertx);
  }

  /** Loads the repository and starts listening; returns once the server is ready. */
  public static CortadoServer start(ServerOptions options) {
    CortadoServer server = new CortadoServer(options);
    try {
      server.repository.loadAll();
      ProfileCatalog catalog = ProfileCatalog.onThisMachine(options.profiles(), server.runtime);
      catalog.ensureProfiles(server.repository, server.runtime).values().forEach(server.profiles::put);
      PipelineCatalog pipelines = PipelineCatalog.of(server.repository, server.cluster, server.service, Clock.systemUTC());
      pipelines.loadAll(server.repository.pipelineNames());
      server.service.serveComposed(pipelines);
      int http = server.rest.start(options.host(), options.httpPort(), options.eventLoops());
      int grpc = server.grpc.start(options.host(), options.grpcPort());
      int metricsPort = server.metricsEndpoint.start(options.host(), options.metricsPort());
      server.ports = new Ports(http, grpc, metricsPort);
      server.service.setReady(true);
      server.startControlLoop(catalog);
      LOG.log(System.Logger.Level.INFO, "cortado ready: http " + http + ", grpc " + grpc + ", metrics " + metricsPort);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The control loop of the autoscaler named in the options; none for {@code none}. */
  private void startControlLoop(ProfileCatalog catalog) {
    if (options.autoscaler().equals(ServerOptions.NO_AUTOSCALER)) {
      return;
    }
    KnownProfiles known = new KnownProfiles(profiles, catalog.store(), catalog.machine().text());
    ControlLoop loop = new ControlLoop(options.autoscaler(), options.scaling(), cluster, batchers,
        new ServingSetup(known, batchers, CostModel.cloudRunDefaults()), decisions, new ScalingMetrics(metrics.registry()),
        Clock.systemUTC(), classes);
    controlLoop = Optional.of(loop);
    loop.start();
  }

  public Ports ports() {
    return ports;
  }

  public InferenceService service() {
    return service;
  }

  /** The profiles the router predicts latency from; filled at start. */
  public ProfileBook profiles() {
    return profiles;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** The control loop's recent decisions (always empty without an autoscaler). */
  public DecisionLog decisions() {
    return decisions;
  }

  public static String version() {
    String v = CortadoServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void close() {
    controlLoop.ifPresent(CortadoServer::closeQuietly);
    service.setReady(false);
    closeQuietly(rest);
    closeQuietly(grpc);
    closeQuietly(metricsEndpoint);
    closeQuietly(batchers);
    closeQuietly(cluster);
    closeQuietly(repository);
    closeQuietly(runtime);
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "while closing " + c.getClass().getSimpleName(), e);
    }
  }

  /** The ports the server bound. */
  public record Ports(int http, int grpc, int metrics) {}
}
