package dev.cortado.server.inference;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.model.RunResult;
import dev.cortado.control.selection.Selection;
import dev.cortado.control.batching.BatchingConfig;
import dev.cortado.server.batching.BatchJob;
import dev.cortado.server.batching.Batchers;
import dev.cortado.server.cluster.LocalCluster;
import dev.cortado.server.routing.RequestCosting;
import dev.cortado.server.routing.TaskRouter;
import dev.cortado.server.execution.InstancePool;
import dev.cortado.server.metrics.ServerMetrics;
import dev.cortado.server.repository.ModelVersion;
import dev.cortado.server.repository.ModelRepository;
import dev.cortado.core.tensor.TensorSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The inference core both transports share: route a request to its model, validate it, run it on
 * the least-loaded instance, record statistics and metrics. REST and gRPC differ only in how they
 * decode and encode.
 */
public final class InferenceService {
  public static final String SERVER_NAME = "cortado";
  public static final List<String> EXTENSIONS = List.of(
      "binary_tensor_data", "model_repository", "statistics", "schedule_policy", "model_less");

  private final ModelRepository repository;
  private final LocalCluster cluster;
  private final Optional<TaskRouter> router;
  private final Optional<RequestCosting> costing;
  private final Batchers batchers;
  private final ServerMetrics metrics;
  private final InstantSource clock;
  private final String serverVersion;
  private volatile boolean ready;
  /** Set once at start, before the server is ready. */
  private volatile ComposedModels composed = ComposedModels.none();
  private volatile boolean live = true;

  /** A service whose cold starts go to a {@link LocalCluster} of its own. */
  public InferenceService(ModelRepository repository, ServerMetrics metrics, InstantSource clock, String serverVersion) {
    this(repository, new LocalCluster(repository, clock), Optional.empty(), Optional.empty(),
        new Batchers("none", new dev.cortado.server.routing.ProfileBook(), clock), metrics, clock, serverVersion);
  }

  /**
   * @param router routes requests that name a task (model-less queries); none: only model names
   * @param costing prices each answered request (reported as {@code cost_usd}); none: not reported
   * @param batchers the batcher of each model version
   */
  public InferenceService(ModelRepository repository, LocalCluster cluster, Optional<TaskRouter> router,
      Optional<RequestCosting> costing, Batchers batchers, ServerMetrics metrics, InstantSource clock, String serverVersion) {
    this.batchers = batchers;
    this.costing = costing;
    this.repository = repository;
    this.cluster = cluster;
    this.router = router;
    this.metrics = metrics;
    this.clock = clock;
    this.serverVersion = serverVersion;
  }

  public ModelRepository repository() {
    return repository;
  }

  public LocalCluster cluster() {
    return cluster;
  }

  /**
   * Serves these composed models (pipelines) beside the repository's models; they run their parts
   * through {@link #infer(InferenceRequest, Instant)}.
   */
  public void serveComposed(ComposedModels composed) {
    this.composed = composed;
  }

  /** Every version of every model and composed model, with its state. */
  public List<ModelVersion> index() {
    List<ModelVersion> all = new java.util.ArrayList<>(repository.index());
    all.addAll(composed.index());
    all.sort(java.util.Comparator.comparing(ModelVersion::name));
    return all;
  }

  /**
   * The version of a model or composed model a request names, as {@link ModelRepository#find} finds a model's.
   *
   * @throws CortadoException NOT_FOUND naming what exists
   */
  public ModelVersion find(String name, Optional<String> version) {
    Optional<ModelVersion> c = composed.find(name, version);
    return c.isPresent() ? c.get() : repository.find(name, version);
  }

  /** All versions of a model or composed model, oldest first. */
  public Optional<List<ModelVersion>> versions(String name) {
    Optional<ModelVersion> c = composed.find(name, Optional.empty());
    return c.isPresent() ? Optional.of(List.of(c.get())) : repository.versions(name);
  }

  /** Marks the server ready (initial load done) or not (shutting down). */
  public void setReady(boolean ready) {
    this.ready = ready;
  }

  public void setLive(boolean live) {
    this.live = live;
  }

  public boolean isLive() {
    return live;
  }

  public boolean isReady() {
    return live && ready;
  }

  public ServerMetadata serverMetadata() {
    return new ServerMetadata(SERVER_NAME, serverVersion, EXTENSIONS);
  }

  /** @throws CortadoException NOT_FOUND for an unknown model or version, UNAVAILABLE when it is not READY */
  public ModelMetadata modelMetadata(String name, Optional<String> version) {
    Optional<ModelVersion> c = composed.find(name, version);
    ModelVersion mv = c.isPresent() ? c.get() : repository.find(name, version);
    List<String> versions = versions(name).orElseThrow().stream()
        .filter(v -> version.isEmpty() || v.version().equals(version.get()))
        .map(ModelVersion::version)
        .toList();
    List<TensorSpec> inputs = mv.signature().map(s -> s.inputs()).orElse(mv.config().inputs());
    List<TensorSpec> outputs = mv.signature().map(s -> s.outputs()).orElse(mv.config().outputs());
    Map<String, String> properties = new LinkedHashMap<>();
    mv.config().task().ifPresent(t -> properties.put("task", t));
    mv.config().accuracy().ifPresent(a -> {
      properties.put("accuracy", Double.toString(a.value()));
      properties.put("accuracy_dataset", a.dataset());
    });
    properties.put("max_batch_size", Integer.toString(mv.config().maxBatchSize()));
    properties.put("state", mv.state().name());
    c.ifPresent(p -> properties.putAll(composed.properties(p)));
    return new ModelMetadata(name, versions, mv.config().platform(), inputs, outputs, properties);
  }

  /** @throws CortadoException NOT_FOUND for an unknown model or version */
  public boolean isModelReady(String name, Optional<String> version) {
    Optional<ModelVersion> c = composed.find(name, version);
    if (c.isPresent()) {
      return c.get().isReady() && composed.partsReady(c.get());
    }
    return repository.find(name, version).isReady();
  }

  /**
   * Runs one request. The future completes with the response, or exceptionally with a
   * {@link CortadoException} whose code says whose fault it was.
   */
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request) {
    Optional<ModelVersion> c;
    try {
      c = composed.find(request.modelName(), request.version());
    } catch (CortadoException e) {
      return CompletableFuture.failedFuture(e);
    }
    return c.isPresent() ? inferComposed(c.get(), request) : inferModel(request, Optional.empty());
  }

  /**
   * Runs one request against a deadline set by its caller, not by its own parameters: a pipeline
   * stage, whose deadline is the pipeline request's end to end.
   */
  public CompletableFuture<InferenceResponse> infer(InferenceRequest request, Instant deadline) {
    return inferModel(request, Optional.of(deadline));
  }

  private CompletableFuture<InferenceResponse> inferComposed(ModelVersion model, InferenceRequest request) {
    long start = System.nanoTime();
    ServerMetrics.ModelMeters meters = metrics.model(model.name(), model.version());
    meters.started();
    long batch;
    CompletableFuture<InferenceResponse> done;
    try {
      if (!isReady()) {
        throw CortadoException.unavailable("server is not ready (loading models or shutting down)");
      }
      model.requireReady();
      batch = RequestValidator.validate(request, model);
      done = composed.infer(model, request, batch);
    } catch (CortadoException e) {
      fail(model, meters, e, start);
      return CompletableFuture.failedFuture(e);
    }
    return done.handle((response, error) -> {
      if (error != null) {
        CortadoException e = CortadoException.of(error);
        fail(model, meters, e, start);
        throw e;
      }
      long total = System.nanoTime() - start;
      long queue = millisToNanos(response.parameters().getDouble("queue_ms").orElse(0));
      long compute = millisToNanos(response.parameters().getDouble("compute_ms").orElse(0));
      model.statistics().recordSuccess(batch, batch, true, total, queue, 0, compute, 0, clock.millis());
      meters.succeeded(batch, true, total, queue, 0, compute, 0);
      return response;
    });
  }

  private static long millisToNanos(double ms) {
    return Math.round(ms * 1e6);
  }

  private CompletableFuture<InferenceResponse> inferModel(InferenceRequest request, Optional<Instant> given) {
    long start = System.nanoTime();
    ModelVersion model;
    Optional<Selection> selection = Optional.empty();
    try {
      if (!isReady()) {
        throw CortadoException.unavailable("server is not ready (loading models or shutting down)");
      }
      Optional<TaskRouter.Routed> routed = route(request);
      selection = routed.map(TaskRouter.Routed::selection);
      model = routed.isPresent() ? routed.get().model() : repository.find(request.modelName(), request.version());
    } catch (CortadoException e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<Selection> chosen = selection;
    ServerMetrics.ModelMeters meters = metrics.model(model.name(), model.version());
    meters.started();
    long batch;
    CompletableFuture<BatchJob.Done> done;
    try {
      model.requireReady();
      batch = RequestValidator.validate(request, model);
      ensureInstance(model);
      BatchingConfig batching = batchers.configOf(model);
      Parameters p = request.parameters();
      int priority = (int) p.getLong("priority").orElse(0);
      batching.priorityLevel(priority);
      Optional<Duration> timeout = p.getLong("timeout").isPresent()
          ? Optional.of(Duration.ofNanos(Math.multiplyExact(p.getLong("timeout").getAsLong(), 1000L))) : Optional.empty();
      if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
        throw CortadoException.invalidArgument("timeout = %d, must be a positive number of microseconds", p.getLong("timeout").getAsLong());
      }
      Instant deadline = given.orElseGet(() -> batching.deadline(clock.instant(), p.getDouble(TaskRouter.LATENCY_SLO_MS), timeout));
      List<String> outputNames = request.outputs().stream().map(RequestedOutput::name).toList();
      done = batchers.of(model).submit(request.inputs(), outputNames, batch, deadline, priority);
    } catch (CortadoException e) {
      fail(model, meters, e, start);
      return CompletableFuture.failedFuture(e);
    } catch (ArithmeticException e) {
      CortadoException ce = CortadoException.invalidArgument("timeout is too large");
      fail(model, meters, ce, start);
      return CompletableFuture.failedFuture(ce);
    }
    return done.handle((d, error) -> {
      if (error != null) {
        CortadoException e = CortadoException.of(error);
        fail(model, meters, e, start);
        throw e;
      }
      RunResult run = d.run();
      long total = System.nanoTime() - start;
      long queue = d.queueNanos();
      model.statistics().recordSuccess(batch, d.batchItems(), d.countsExecution(), total, queue, run.inputNanos(), run.inferNanos(),
          run.outputNanos(), clock.millis());
      meters.succeeded(batch, d.countsExecution(), total, queue, run.inputNanos(), run.inferNanos(), run.outputNanos());
      if (d.countsExecution()) {
        meters.dispatched(d.trigger().name().toLowerCase(Locale.ROOT));
      }
      Optional<Double> cost = costing.map(c -> c.of(model, model.config().instanceSize(), run.totalNanos(), d.batchItems()));
      return new InferenceResponse(model.name(), model.version(), request.id(),
          responseParameters(model, d.batchItems(), queue, run, chosen, cost), d.outputs());
    });
  }

  /** A cold model (no instance ready or starting) starts one; its requests wait in the queue meanwhile. */
  private void ensureInstance(ModelVersion model) {
    InstancePool pool = model.pool();
    if (pool.readyCount() == 0 && pool.startingCount() == 0) {
      cluster.start(model, model.config().instanceSize());
    }
  }

  /** A request naming a task (and no model of that name exists) is routed by the selector. */
  private Optional<TaskRouter.Routed> route(InferenceRequest request) {
    if (router.isEmpty() || repository.versions(request.modelName()).isPresent()) {
      return Optional.empty();
    }
    TaskRouter r = router.get();
    if (!r.isTask(request.modelName())) {
      throw CortadoException.notFound("model or task '%s' not found; models: %s; tasks: %s", request.modelName(),
          repository.index().stream().map(ModelVersion::name).distinct().toList(), r.tasks());
    }
    if (request.version().isPresent()) {
      throw CortadoException.invalidArgument(
          "'%s' is a task; a task query names no version (the server picks the variant)", request.modelName());
    }
    return Optional.of(r.route(request.modelName(), request.parameters(), clock.instant()));
  }

  private static Parameters responseParameters(
      ModelVersion model, long batch, long queueNanos, RunResult run, Optional<Selection> selection, Optional<Double> cost) {
    Parameters.Builder p = Parameters.builder().put("variant", model.name());
    model.config().accuracy().ifPresent(a -> p.put("variant_accuracy", a.value()));
    p.put("queue_ms", Math.round(queueNanos / 1e3) / 1e3)
        .put("compute_ms", Math.round(run.totalNanos() / 1e3) / 1e3)
        .put("batch_size", batch);
    cost.ifPresent(c -> p.put("cost_usd", c));
    selection.ifPresent(sel -> {
      switch (sel) {
        case Selection.Chosen c -> p.put("predicted_ms", Math.round(c.predictedLatencyMs() * 1000) / 1000.0);
        case Selection.ColdStart c -> p.put("predicted_ms", Math.round(c.predictedLatencyMs() * 1000) / 1000.0).put("cold_start", true);
        case Selection.Infeasible i -> { }
        case Selection.Overloaded o -> { }
      }
    });
    return p.build();
  }

  private static void fail(ModelVersion model, ServerMetrics.ModelMeters meters, CortadoException e, long start) {
    long nanos = System.nanoTime() - start;
    model.statistics().recordFailure(nanos);
    meters.failed(e.code().name(), nanos);
  }
}
