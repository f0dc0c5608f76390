package dev.cortado.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.ProjectFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-less queries end to end on the bundled models: three request classes mixed in one load
 * (a latency-bound class, a high-accuracy class, a cheap-but-decent class) get the variants their
 * requirements call for, every answer meets its accuracy floor, and impossible queries are refused
 * with the nearest variant named. The server profiles the variants at start (into a temporary
 * folder), so predictions come from this machine's measurements.
 */
class ModelLessTest {
  static final String TASK = "image-classification";
  @TempDir static Path profiles;
  static CortadoServer server;
  static HttpClient http;
  static ObjectMapper json = new ObjectMapper();
  static String base;
  static JsonNode sample;

  @BeforeAll
  static void start() throws Exception {
    server = CortadoServer.start(ServerOptions.builder(ProjectFiles.bundledModels()).ports(0, 0, 0).profiles(profiles).build());
    http = HttpClient.newHttpClient();
    base = "http://127.0.0.1:" + server.ports().http();
    sample = json.readTree(Files.readAllBytes(ProjectFiles.root().resolve("datasets/fashion-mnist/sample-request.json")));
  }

  @AfterAll
  static void stop() {
    http.close();
    server.close();
  }

  static CompletableFuture<HttpResponse<String>> query(String target, Map<String, Object> parameters) {
    var body = sample.deepCopy();
    var p = ((com.fasterxml.jackson.databind.node.ObjectNode) body).putObject("parameters");
    parameters.forEach(p::putPOJO);
    return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v2/models/" + target + "/infer"))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
  }

  record Class(String name, Map<String, Object> parameters, double floor) {}

  @Test
  void mixed_classes_get_the_variants_their_requirements_call_for() throws Exception {
    List<Class> classes = List.of(
        new Class("fast", Map.of("latency_slo_ms", 200.0), 0),
        new Class("accurate", Map.of("min_accuracy", 0.91, "latency_slo_ms", 1000.0), 0.91),
        new Class("cheap-decent", Map.of("min_accuracy", 0.89, "latency_slo_ms", 1000.0), 0.89));
    Map<String, Map<String, Integer>> chosen = new TreeMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      for (Class c : classes) {
        all.add(query(TASK, c.parameters()).thenAccept(r -> {
          assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isEqualTo(200);
          JsonNode p = readParameters(r.body());
          assertThat(p.get("variant_accuracy").asDouble()).as(c.name()).isGreaterThanOrEqualTo(c.floor());
          assertThat(p.has("queue_ms") && p.has("compute_ms") && p.has("batch_size") && p.has("cost_usd")).isTrue();
          synchronized (chosen) {
            chosen.computeIfAbsent(c.name(), k -> new TreeMap<>()).merge(p.get("variant").asText(), 1, Integer::sum);
          }
        }));
      }
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    // The cheapest variant for each requirement, by the profiles' cost per request on this machine.
    assertThat(chosen.get("fast")).containsOnlyKeys("fashion-mlp-small");
    assertThat(chosen.get("accurate")).containsOnlyKeys("fashion-cnn-large");
    assertThat(chosen.get("cheap-decent")).doesNotContainKeys("fashion-mlp-small", "fashion-cnn-large");
  }

  @Test
  void an_impossible_query_is_400_naming_the_nearest_variant() throws Exception {
    var r = query(TASK, Map.of("min_accuracy", 0.99)).join();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText()).contains("fashion-cnn-large").contains("0.9202");
    r = query(TASK, Map.of("latency_slo_ms", 0.0001)).join();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText()).contains("nearest");
  }

  @Test
  void bad_requirements_are_400_and_unknown_tasks_404() throws Exception {
    var r = query(TASK, Map.of("min_accuracy", 1.5)).join();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText()).contains("min_accuracy = 1.5");
    r = query(TASK, Map.of("latency_slo_ms", "soon")).join();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText()).contains("latency_slo_ms");
    r = query("image-segmentation", Map.of()).join();
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json.readTree(r.body()).get("error").asText()).contains("tasks: [image-classification]");
  }

  @Test
  void a_model_name_passes_through_and_reports_what_ran() throws Exception {
    var r = query("fashion-mlp-large", Map.of()).join();
    JsonNode p = readParameters(r.body());
    assertThat(p.get("variant").asText()).isEqualTo("fashion-mlp-large");
    assertThat(p.get("variant_accuracy").asDouble()).isEqualTo(0.8959);
    assertThat(p.get("batch_size").asInt()).isEqualTo(1);
  }

  static JsonNode readParameters(String body) {
    try {
      return json.readTree(body).get("parameters");
    } catch (Exception e) {
      throw new AssertionError(body, e);
    }
  }
}
