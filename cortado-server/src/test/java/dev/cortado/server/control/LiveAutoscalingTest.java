package dev.cortado.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortado.control.scaling.CortadoScaling;
import dev.cortado.core.cluster.InstanceState;
import dev.cortado.core.model.InstanceSize;
import dev.cortado.core.profile.BatchLatency;
import dev.cortado.core.profile.LatencyModel;
import dev.cortado.core.profile.Profile;
import dev.cortado.runtime.onnx.OnnxModelRuntime;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.server.profile.MachineDescription;
import dev.cortado.server.profile.ProfileStore;
import dev.cortado.testing.ProjectFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live control loop end to end: a real server with Cortado's autoscaler, a burst of closed-loop
 * clients against one variant, then quiet. The variant's profile (written for this machine) says one
 * instance sustains 10 requests/s, so any burst a test machine can send wants more instances than
 * the 4-core budget holds; after it the variant goes back to one instance (its keep-alive) and then
 * to zero. Every request sent gets an answer or an explicit refusal. Bounds are generous and polled:
 * nothing here asserts a timing.
 */
class LiveAutoscalingTest {
  static final String MODEL = "fashion-cnn-large";
  static final Duration BURST = Duration.ofSeconds(3);
  static final int CLIENTS = 6;
  static final CortadoScaling.Settings SETTINGS = new CortadoScaling.Settings(Duration.ofSeconds(1), 0.8, Duration.ofSeconds(2),
      Duration.ofSeconds(2), 0.9, Duration.ofSeconds(30), 0.001, Duration.ofSeconds(8), Duration.ofSeconds(8), 60);

  @TempDir Path repo;
  @TempDir Path profiles;
  final ObjectMapper json = new ObjectMapper();
  CortadoServer server;
  HttpClient http;
  String base;

  @BeforeEach
  void start() throws Exception {
    Path from = ProjectFiles.bundledModels().resolve(MODEL);
    Files.createDirectories(repo.resolve(MODEL).resolve("1"));
    Files.copy(from.resolve("config.yaml"), repo.resolve(MODEL).resolve("config.yaml"));
    Files.copy(from.resolve("1/model.onnx"), repo.resolve(MODEL).resolve("1/model.onnx"));
    String machine = MachineDescription.of(OnnxModelRuntime.create()).text();
    new ProfileStore(profiles).write(new Profile(MODEL, "1", InstanceSize.cpu(1), List.of(BatchLatency.of(1, List.of(100.0))),
        new LatencyModel(100, 0, 0), 50, 0, Instant.now(), machine));
    server = CortadoServer.start(ServerOptions.builder(repo).ports(0, 0, 0).profiles(profiles).coreBudget(4).batching("none")
        .autoscaler("cortado").scaling(SETTINGS).build());
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    base = "http://127.0.0.1:" + server.ports().http();
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  long count(InstanceState state) {
    return server.service().cluster().status().count(MODEL, state);
  }

  JsonNode decisions(String query) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/cortado/decisions" + query)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  @Test
  void a_burst_scales_out_and_the_quiet_after_it_scales_back_to_one_and_to_zero() throws Exception {
    byte[] body = Files.readAllBytes(ProjectFiles.root().resolve("datasets/fashion-mnist/sample-request.json"));
    HttpRequest infer = HttpRequest.newBuilder(URI.create(base + "/v2/models/" + MODEL + "/infer"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> unexpected = new CopyOnWriteArrayList<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicLong maxReady = new AtomicLong();
    long end = System.nanoTime() + BURST.toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(Thread.ofVirtual().start(() -> {
        while (System.nanoTime() < end) {
          sent.incrementAndGet();
          try {
            HttpResponse<String> r = http.send(infer, HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            boolean documented = r.statusCode() == 200 || r.statusCode() == 429
                || (r.statusCode() == 503 && r.body().contains("no instance became ready"));
            if (!documented) {
              unexpected.add(r.statusCode() + " " + r.body());
            }
          } catch (Exception e) {
            unexpected.add(e.toString());
          }
        }
      }));
    }
    while (clients.stream().anyMatch(Thread::isAlive)) {
      maxReady.accumulateAndGet(count(InstanceState.READY), Math::max);
      Thread.sleep(50);
    }
    for (Thread t : clients) {
      t.join();
    }

    int answered = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(unexpected).as("responses other than 200, 429 and the cold-start 503").isEmpty();
    assertThat(answered).as("every request sent got a response").isEqualTo(sent.get());
    assertThat(statuses.getOrDefault(200, new AtomicInteger()).get()).as("answers; statuses " + statuses).isPositive();

    long give = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while ((count(InstanceState.READY) > 0 || count(InstanceState.STARTING) > 0) && System.nanoTime() < give) {
      Thread.sleep(200);
    }
    assertThat(count(InstanceState.READY)).as("ready instances once quiet").isZero();

    JsonNode all = decisions("?variant=" + MODEL);
    assertThat(all.get("autoscaler").asText()).isEqualTo("cortado");
    List<JsonNode> log = new ArrayList<>();
    all.get("decisions").forEach(log::add);
    long peakReady = log.stream().mapToLong(d -> d.get("inputs").get("ready").asLong()).max().orElse(0);
    assertThat(Math.max(peakReady, maxReady.get())).as("ready instances during the burst; decisions " + log).isGreaterThan(1);
    int lastOut = lastIndex(log, d -> d.get("target_instances").asInt() > 1);
    int one = firstIndexAfter(log, lastOut, d -> d.get("target_instances").asInt() == 1);
    int zero = firstIndexAfter(log, one, d -> d.get("target_instances").asInt() == 0);
    assertThat(lastOut).as("a decision for more than one instance").isNotNegative();
    assertThat(one).as("then one kept warm").isGreaterThan(lastOut);
    assertThat(zero).as("then zero").isGreaterThan(one);
    JsonNode d = log.get(lastOut);
    assertThat(d.get("variant").asText()).isEqualTo(MODEL);
    assertThat(d.has("time") && d.has("threads") && d.has("reason") && d.get("inputs").has("arrivals_per_second")
        && d.get("inputs").has("mean_in_flight") && d.get("inputs").has("queued") && d.get("actions").isArray()).isTrue();
    assertThat(server.metrics().scrape()).contains("cortado_scaling_actions_total{action=\"start\",variant=\"" + MODEL + "\"}");

    assertThat(decisions("?limit=2").get("decisions").size()).isEqualTo(2);
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/cortado/decisions?limit=lots")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("limit = 'lots'");
  }

  static int lastIndex(List<JsonNode> log, java.util.function.Predicate<JsonNode> p) {
    for (int i = log.size() - 1; i >= 0; i--) {
      if (p.test(log.get(i))) {
        return i;
      }
    }
    return -1;
  }

  static int firstIndexAfter(List<JsonNode> log, int after, java.util.function.Predicate<JsonNode> p) {
    for (int i = Math.max(0, after + 1); i < log.size(); i++) {
      if (p.test(log.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
