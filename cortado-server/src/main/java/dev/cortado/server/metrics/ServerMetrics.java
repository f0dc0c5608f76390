package dev.cortado.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of the data plane, named in Triton's style: per model and version, request
 * success and failure counts, inference and execution counts, cumulative request, queue and compute
 * microseconds, and requests in flight.
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, ModelMeters> byModel = new ConcurrentHashMap<>();

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  public ModelMeters model(String name, String version) {
    return byModel.computeIfAbsent(name + "\u0000" + version, k -> new ModelMeters(registry, name, version));
  }

  /** The meters of one model version. */
  public static final class ModelMeters {
    private final Counter success;
    private final Counter inferences;
    private final Counter executions;
    private final Counter requestMicros;
    private final Counter queueMicros;
    private final Counter inputMicros;
    private final Counter inferMicros;
    private final Counter outputMicros;
    private final PrometheusMeterRegistry registry;
    private final Tags tags;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Counter> dispatches = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();

    ModelMeters(PrometheusMeterRegistry registry, String name, String version) {
      this.registry = registry;
      this.tags = Tags.of("model", name, "version", version);
      success = counter("cortado_inference_request_success", "Successful inference requests");
      inferences = counter("cortado_inference_count", "Inferences performed (a batch of n counts n)");
      executions = counter("cortado_inference_exec_count", "Model executions");
      requestMicros = counter("cortado_inference_request_duration_us", "Cumulative end-to-end request time, microseconds");
      queueMicros = counter("cortado_inference_queue_duration_us", "Cumulative time waiting for an instance, microseconds");
      inputMicros = counter("cortado_inference_compute_input_duration_us", "Cumulative input preparation time, microseconds");
      inferMicros = counter("cortado_inference_compute_infer_duration_us", "Cumulative model execution time, microseconds");
      outputMicros = counter("cortado_inference_compute_output_duration_us", "Cumulative output extraction time, microseconds");
      Gauge.builder("cortado_inference_pending_request_count", inFlight, AtomicLong::get)
          .description("Requests accepted and not yet answered").tags(tags).register(registry);
    }

    private Counter counter(String name, String description) {
      return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    public void started() {
      inFlight.incrementAndGet();
    }

    /**
     * A successful request of {@code items} samples; {@code execution} for the one request of each
     * batch that counts the batch's model execution (several requests may share one).
     */
    public void succeeded(long items, boolean execution, long requestNanos, long queueNanos, long inputNanos, long inferNanos,
        long outputNanos) {
      inFlight.decrementAndGet();
      success.increment();
      inferences.increment(items);
      if (execution) {
        executions.increment();
      }
      requestMicros.increment(requestNanos / 1_000.0);
      queueMicros.increment(queueNanos / 1_000.0);
      inputMicros.increment(inputNanos / 1_000.0);
      inferMicros.increment(inferNanos / 1_000.0);
      outputMicros.increment(outputNanos / 1_000.0);
    }

    /**
     * A batch that ran, counted by why the batching policy sent it ({@code full}, {@code knee},
     * {@code timer}, {@code deadline}, ...): mostly {@code timer} or {@code deadline} means batches
     * rarely fill at this load.
     */
    public void dispatched(String trigger) {
      dispatches.computeIfAbsent(trigger, t -> Counter.builder("cortado_batch_dispatch")
              .description("Batches run, by why the batching policy sent them").tags(tags.and("trigger", t)).register(registry))
          .increment();
    }

    /** A failed request, counted by reason (the error code). */
    public void failed(String reason, long requestNanos) {
      inFlight.decrementAndGet();
      requestMicros.increment(requestNanos / 1_000.0);
      failures.computeIfAbsent(reason, r -> Counter.builder("cortado_inference_request_failure")
              .description("Failed inference requests, by reason").tags(tags.and("reason", r)).register(registry))
          .increment();
    }
  }
}
