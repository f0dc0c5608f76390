package dev.cortado.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cortado.control.batching.CortadoBatching;
import dev.cortado.control.batching.Dispatch;
import dev.cortado.control.batching.Offer;
import dev.cortado.control.batching.RequestQueue;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.core.tensor.Datatype;
import dev.cortado.core.tensor.Shape;
import dev.cortado.core.tensor.Tensor;
import dev.cortado.server.batching.BatchTensors;
import dev.cortado.server.rest.JsonRequestDecoder;
import dev.cortado.testing.ProjectFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's own work per request, without the network and without the model: decoding the
 * Fashion-MNIST sample request (784 FP32) from JSON and from the binary tensor extension, queueing
 * it and deciding its batch with Cortado's batching policy, and joining 8 requests' inputs into one
 * batch and splitting the batch's outputs back. Overhead regressions on the request path show here
 * first; {@code OnnxRunBenchmark} is the model's time they add to.
 *
 * <p>The queue benchmarks step an explicit clock, as the batcher would pass it: {@code queueOne}
 * is one request at a low rate (offer, shed check, decide, take a batch of 1), {@code queueBatchOf8}
 * is eight requests arriving together (eight offers, one decision that takes all eight, since 8 is
 * the profile's max batch), so per request it is an eighth of the score.
 *
 * <pre>java -jar cortado-bench/target/benchmarks.jar RequestPathBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestPathBenchmark {
  private static final String MODEL = "fashion-mlp-small";
  private static final int BATCH = 8;
  private static final Duration SLO = Duration.ofMillis(50);

  private JsonRequestDecoder decoder;
  private byte[] jsonBody;
  private byte[] binaryBody;
  private int binaryJsonLength;

  private RequestQueue<Object> queue;
  private CortadoBatching policy;
  private Instant now;
  private final Object payload = new Object();

  private List<List<Tensor>> requests;
  private List<Tensor> batchOutputs;
  private List<Long> rows;

  @Setup
  public void setUp() throws IOException {
    ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .build()); // as RestFrontend configures it
    decoder = new JsonRequestDecoder(mapper);
    jsonBody = Files.readAllBytes(ProjectFiles.fashionMnist().resolve("sample-request.json"));
    binaryBody(mapper);

    policy = new CortadoBatching(profile(), BATCH);
    queue = new RequestQueue<>(1024, 1);
    now = Instant.parse("2026-01-01T00:00:00Z");

    InferenceRequest sample = decoder.decode(MODEL, Optional.empty(), jsonBody, jsonBody.length);
    requests = Collections.nCopies(BATCH, sample.inputs());
    ByteBuffer logits = ByteBuffer.allocate(BATCH * 10 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < BATCH * 10; i++) {
      logits.putFloat(i * 0.25f);
    }
    batchOutputs = List.of(Tensor.of("logits", Datatype.FP32, Shape.of(BATCH, 10), logits.flip()));
    rows = Collections.nCopies(BATCH, 1L);

    check();
  }

  /** The same request as the sample, its data after the JSON as the binary tensor extension sends it. */
  private void binaryBody(ObjectMapper mapper) throws IOException {
    ObjectNode root = (ObjectNode) mapper.readTree(jsonBody);
    ObjectNode input = (ObjectNode) root.path("inputs").get(0);
    JsonNode data = input.remove("data");
    ByteBuffer raw = ByteBuffer.allocate(data.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.forEach(v -> raw.putFloat(v.floatValue()));
    input.putObject("parameters").put("binary_data_size", raw.capacity());
    byte[] json = mapper.writeValueAsBytes(root);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(json);
    out.write(raw.array());
    binaryBody = out.toByteArray();
    binaryJsonLength = json.length;
  }

  /** A profile shaped like fashion-mlp-small's at one thread: throughput still growing at 8, so the knee is the max batch. */
  private static Profile profile() {
    int[] sizes = {1, 2, 4, 8};
    double[] p50 = {0.10, 0.12, 0.16, 0.24};
    List<BatchLatency> batches = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      double m = p50[i];
      batches.add(BatchLatency.of(sizes[i], List.of(m * 0.95, m, m, m * 1.05, m * 1.3)));
    }
    return new Profile(MODEL, "1", InstanceSize.cpu(1), batches, LatencyModel.fit(sizes, p50), 20, 1 << 20,
        Instant.parse("2026-01-01T00:00:00Z"), "RequestPathBenchmark");
  }

  /** Fails the run if the queue benchmarks would not measure what they say. */
  private void check() {
    if (queueOne().size() != 1 || queueOne().size() != 1 || queueBatchOf8().size() != BATCH || !queue.isEmpty()) {
      throw new IllegalStateException("the policy did not dispatch as this benchmark expects");
    }
    if (decodeBinary().inputs().getFirst().byteSize() != 784 * 4 || split8().size() != BATCH) {
      throw new IllegalStateException("the sample is not the 784-FP32 Fashion-MNIST request");
    }
  }

  @Benchmark
  public InferenceRequest decodeJson() {
    return decoder.decode(MODEL, Optional.empty(), jsonBody, jsonBody.length);
  }

  @Benchmark
  public InferenceRequest decodeBinary() {
    return decoder.decode(MODEL, Optional.empty(), binaryBody, binaryJsonLength);
  }

  /** One request at 1000 requests/s: offered, shed check, decided (at once: an instance keeps up), taken. */
  @Benchmark
  public List<Object> queueOne() {
    now = now.plusMillis(1);
    offer(now);
    return step(now);
  }

  /** Eight requests 10 µs apart, then one decision: a full batch of eight, taken. */
  @Benchmark
  public List<Object> queueBatchOf8() {
    for (int i = 0; i < BATCH; i++) {
      now = now.plusNanos(10_000);
      offer(now);
    }
    return step(now);
  }

  private void offer(Instant at) {
    if (!(queue.offer(payload, at, at.plus(SLO), 0, 1, p -> policy.rejection(p, at)) instanceof Offer.Accepted)) {
      throw new IllegalStateException("rejected");
    }
  }

  /** What the batcher does on each wake, under its lock: shed, decide, take. */
  private List<Object> step(Instant at) {
    queue.removeIf(p -> policy.rejection(p, at).isPresent());
    return policy.decide(queue.view(1), at) instanceof Dispatch.Now n ? queue.take(n.requests()) : List.of();
  }

  @Benchmark
  public List<Tensor> join8() {
    return BatchTensors.join(requests);
  }

  @Benchmark
  public List<List<Tensor>> split8() {
    return BatchTensors.split(batchOutputs, rows);
  }
}
