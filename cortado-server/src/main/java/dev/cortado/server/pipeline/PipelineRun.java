package dev.cortado.server.pipeline;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.inference.InferenceResponse;
import dev.cortado.core.inference.Parameters;
import dev.cortado.core.inference.RequestedOutput;
import dev.cortado.core.tensor.Tensor;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One request through a pipeline: each stage starts as soon as the stages it reads from are done
 * (so stages whose inputs are ready run concurrently: fan-out), model and task stages as requests
 * of their own against the request's end-to-end deadline, steps in the thread that finished their
 * last input. The answer waits for every stage started, and a failed stage fails the request with
 * the stage named and its own code; the stages after it never start.
 *
 * <p>Guard: tensors and figures are in concurrent maps, each entry written once by the stage that
 * makes it, before the futures that publish it complete.
 */
final class PipelineRun {
  static final String MIN_ACCURACY = "min_accuracy";
  static final String MAX_COST_PER_1K = "max_cost_per_1k";

  private final Pipeline pipeline;
  private final InferenceRequest request;
  private final long batch;
  private final Instant arrival;
  private final Instant deadline;
  private final StageRunner runner;
  private final InstantSource clock;
  private final Map<String, Tensor> made = new ConcurrentHashMap<>();
  private final Map<String, StageFigures> figures = new ConcurrentHashMap<>();
  private final AtomicReference<CortadoException> firstFailure = new AtomicReference<>();

  /**
   * @param request a request already validated against the pipeline's signature
   * @param batch its batch size
   * @param deadline its end-to-end deadline: every model and task stage gets it as its own
   */
  PipelineRun(Pipeline pipeline, InferenceRequest request, long batch, Instant arrival, Instant deadline, StageRunner runner,
      InstantSource clock) {
    this.pipeline = pipeline;
    this.request = request;
    this.batch = batch;
    this.arrival = arrival;
    this.deadline = deadline;
    this.runner = runner;
    this.clock = clock;
  }

  CompletableFuture<InferenceResponse> start() {
    request.inputs().forEach(t -> made.put(t.name(), t));
    Map<String, CompletableFuture<Void>> done = new HashMap<>();
    for (StageSpec stage : pipeline.order()) {
      CompletableFuture<?>[] upstream = stage.upstream().stream().map(done::get).toArray(CompletableFuture<?>[]::new);
      CompletableFuture<Void> ready = upstream.length == 0 ? CompletableFuture.completedFuture(null) : CompletableFuture.allOf(upstream);
      done.put(stage.name(), ready.thenCompose(v -> run(stage)));
    }
    return CompletableFuture.allOf(done.values().toArray(CompletableFuture<?>[]::new)).handle((v, error) -> {
      if (error != null) {
        CortadoException first = firstFailure.get();
        throw first != null ? first : CortadoException.of(error);
      }
      return response();
    });
  }

  private CompletableFuture<Void> run(StageSpec stage) {
    Instant start = clock.instant();
    try {
      List<Tensor> inputs = stage.inputs().entrySet().stream()
          .map(e -> made.get(e.getValue().key()).renamed(e.getKey()))
          .toList();
      return switch (stage.kind()) {
        case StageSpec.Kind.Step s -> {
          List<Tensor> outputs = s.step().apply(inputs);
          keep(stage, outputs);
          double ms = millisSince(start);
          figures.put(stage.name(), new StageFigures("step:" + s.step().name(), offset(start), offset(start) + ms, 0, ms, batch,
              OptionalDouble.empty()));
          yield CompletableFuture.completedFuture(null);
        }
        case StageSpec.Kind.Model m -> submit(stage, m.model(), m.version(), inputs, OptionalDouble.empty(), start);
        case StageSpec.Kind.Task t -> submit(stage, t.task(), Optional.empty(), inputs, t.minAccuracy(), start);
      };
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(failure(stage, e));
    }
  }

  private CompletableFuture<Void> submit(StageSpec stage, String model, Optional<String> version, List<Tensor> inputs,
      OptionalDouble minAccuracy, Instant start) {
    Duration left = Duration.between(start, deadline);
    if (left.isNegative() || left.isZero()) {
      throw CortadoException.resourceExhausted("the end-to-end deadline (%.3f ms after arrival) passed before the stage could start",
          Duration.between(arrival, deadline).toNanos() / 1e6);
    }
    Parameters p = request.parameters();
    Parameters.Builder params = Parameters.builder().put("latency_slo_ms", left.toNanos() / 1e6);
    p.getLong("priority").ifPresent(v -> params.put("priority", v));
    if (stage.kind() instanceof StageSpec.Kind.Task) {
      OptionalDouble floor = minAccuracy.isPresent() ? minAccuracy : p.getDouble(MIN_ACCURACY);
      floor.ifPresent(v -> params.put(MIN_ACCURACY, v));
      p.getDouble(MAX_COST_PER_1K).ifPresent(v -> params.put(MAX_COST_PER_1K, v));
    }
    InferenceRequest stageRequest = new InferenceRequest(model, version, request.id(), params.build(), inputs, List.of());
    return runner.run(stageRequest, deadline).handle((response, error) -> {
      if (error != null) {
        throw failure(stage, error);
      }
      keep(stage, response.outputs());
      Parameters r = response.parameters();
      String ran = r.get("variant").map(String::valueOf).orElse(response.modelName());
      figures.put(stage.name(), new StageFigures(ran, offset(start), offset(clock.instant()), r.getDouble("queue_ms").orElse(0),
          r.getDouble("compute_ms").orElse(0), r.getLong("batch_size").orElse(batch), r.getDouble("cost_usd")));
      return null;
    });
  }

  private void keep(StageSpec stage, List<Tensor> outputs) {
    outputs.forEach(t -> made.put(stage.name() + "." + t.name(), t));
  }

  /** The stage's failure as the request's: its code, its message after the pipeline and stage; the first one is kept. */
  private CortadoException failure(StageSpec stage, Throwable error) {
    CortadoException e = error instanceof IllegalArgumentException
        ? CortadoException.invalidArgument("%s", error.getMessage()) : CortadoException.of(error);
    String message = "pipeline '" + pipeline.name() + "' stage '" + stage.name() + "': " + e.getMessage();
    CortadoException named = e.code() == ErrorCode.INTERNAL ? new CortadoException(e.code(), message, e) : new CortadoException(e.code(), message);
    firstFailure.compareAndSet(null, named);
    return named;
  }

  private InferenceResponse response() {
    List<String> wanted = request.outputs().stream().map(RequestedOutput::name).toList();
    List<Tensor> outputs = new ArrayList<>();
    for (PipelineSpec.Output out : pipeline.spec().outputs()) {
      if (wanted.isEmpty() || wanted.contains(out.name())) {
        outputs.add(made.get(out.from().key()).renamed(out.name()));
      }
    }
    double queue = 0;
    double compute = 0;
    double cost = 0;
    boolean priced = false;
    for (StageFigures f : figures.values()) {
      queue += f.queueMs();
      compute += f.computeMs();
      if (f.costUsd().isPresent()) {
        cost += f.costUsd().getAsDouble();
        priced = true;
      }
    }
    Parameters.Builder p = Parameters.builder()
        .put("variant", pipeline.name());
    pipeline.spec().accuracy().ifPresent(a -> p.put("variant_accuracy", a.value()));
    p.put("end_to_end_ms", StageFigures.round(offset(clock.instant())))
        .put("slo_ms", StageFigures.round(Duration.between(arrival, deadline).toNanos() / 1e6))
        .put("queue_ms", StageFigures.round(queue))
        .put("compute_ms", StageFigures.round(compute))
        .put("batch_size", batch);
    if (priced) {
      p.put("cost_usd", cost);
    }
    for (StageSpec stage : pipeline.order()) {
      figures.get(stage.name()).putInto(p, stage.name());
    }
    return new InferenceResponse(pipeline.name(), PipelineCatalog.VERSION, request.id(), p.build(), outputs);
  }

  private double offset(Instant t) {
    return Duration.between(arrival, t).toNanos() / 1e6;
  }

  private double millisSince(Instant t) {
    return Duration.between(t, clock.instant()).toNanos() / 1e6;
  }
}
