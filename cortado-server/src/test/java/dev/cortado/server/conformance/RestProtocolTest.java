package dev.cortado.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cortado.server.CortadoServer;
import dev.cortado.server.ServerOptions;
import dev.cortado.testing.FashionMnist;
import dev.cortado.testing.ProjectFiles;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** What only the REST transport has: JSON itself, the binary extension's framing, body limits, extensions' endpoints. */
class RestProtocolTest {
  @TempDir static Path profiles;
  static final String MODEL = "fashion-mlp-small";
  static final long BODY_LIMIT = 64 * 1024;
  static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  static CortadoServer server;
  static RestOipClient client;
  static String image;

  @BeforeAll
  static void start() {
    server = CortadoServer.start(ServerOptions.builder(ProjectFiles.bundledModels())
        .ports(0, 0, 0).bodyLimit(BODY_LIMIT).eventLoops(2).coreBudget(8).profiles(profiles).build());
    client = new RestOipClient(server.ports().http(), false);
    float[] pixels = FashionMnist.testSet().image(0);
    StringBuilder sb = new StringBuilder();
    for (float p : pixels) {
      sb.append(sb.isEmpty() ? "" : ",").append(p);
    }
    image = sb.toString();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static RestOipClient.Raw post(String path, String body) {
    return client.send("POST", path, body.getBytes(StandardCharsets.UTF_8), JSON);
  }

  static String request(String data) {
    return "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"data\":" + data + "}]}";
  }

  static void assertError(RestOipClient.Raw r, int status, String... fragments) {
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    String message = r.json().get("error").asText();
    for (String f : fragments) {
      assertThat(message).contains(f);
    }
    assertThat(post("/v2/models/" + MODEL + "/infer", request("[" + image + "]")).status()).isEqualTo(200);
  }

  @Test
  void nested_data_equals_flat_data() {
    JsonNode flat = post("/v2/models/" + MODEL + "/infer", request("[" + image + "]")).json();
    String[] px = image.split(",");
    StringBuilder nested = new StringBuilder("[[[");
    for (int row = 0; row < 28; row++) {
      nested.append(row == 0 ? "[" : ",[");
      for (int col = 0; col < 28; col++) {
        nested.append(col == 0 ? "" : ",").append(px[row * 28 + col]);
      }
      nested.append("]");
    }
    nested.append("]]]");
    JsonNode n = post("/v2/models/" + MODEL + "/infer", request(nested.toString())).json();
    assertThat(n.get("outputs")).isEqualTo(flat.get("outputs"));
  }

  @Test
  void datatype_may_follow_data() {
    String body = "{\"inputs\":[{\"name\":\"image\",\"data\":[" + image + "],\"shape\":[1,1,28,28],\"datatype\":\"FP32\"}]}";
    assertThat(post("/v2/models/" + MODEL + "/infer", body).status()).isEqualTo(200);
  }

  @Test
  void malformed_json_is_400() {
    assertError(post("/v2/models/" + MODEL + "/infer", "{\"inputs\": [ {\"name\": "), 400, "malformed JSON");
    assertError(post("/v2/models/" + MODEL + "/infer", "[1,2,3]"), 400, "JSON object");
    assertError(post("/v2/models/" + MODEL + "/infer", ""), 400);
  }

  @Test
  void unknown_fields_and_wrong_kinds_are_named() {
    assertError(post("/v2/models/" + MODEL + "/infer", "{\"input\":[]}"), 400, "unknown field 'input'");
    assertError(post("/v2/models/" + MODEL + "/infer", request("[\"a\"]")), 400, "element 0 is a string", "expected a number");
    assertError(post("/v2/models/" + MODEL + "/infer",
        "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,1,28,28],\"datatype\":\"FLOAT\",\"data\":[1]}]}"), 400, "datatype 'FLOAT'");
    assertError(post("/v2/models/" + MODEL + "/infer",
        "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,-1,28,28],\"datatype\":\"FP32\",\"data\":[1]}]}"), 400, "shape[1] = -1");
    assertError(post("/v2/models/" + MODEL + "/infer", request("[1,2,3]")), 400, "has 3 elements", "needs 784");
    assertError(post("/v2/models/" + MODEL + "/infer",
        "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,1,28,28],\"datatype\":\"FP16\",\"data\":[1]}]}"), 400, "only as binary");
  }

  @Test
  void binary_framing_errors_are_400() {
    byte[] head = "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,1,28,28],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":3136}}]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] shortBody = new byte[head.length + 100];
    System.arraycopy(head, 0, shortBody, 0, head.length);
    var r = client.send("POST", "/v2/models/" + MODEL + "/infer", shortBody,
        Map.of("Inference-Header-Content-Length", Integer.toString(head.length)));
    assertError(r, 400, "binary_data_size 3136", "only 100");
    byte[] longBody = new byte[head.length + 3136 + 8];
    System.arraycopy(head, 0, longBody, 0, head.length);
    r = client.send("POST", "/v2/models/" + MODEL + "/infer", longBody,
        Map.of("Inference-Header-Content-Length", Integer.toString(head.length)));
    assertError(r, 400, "8 binary bytes");
    r = client.send("POST", "/v2/models/" + MODEL + "/infer", head, Map.of("Inference-Header-Content-Length", "lots"));
    assertError(r, 400, "Inference-Header-Content-Length");
  }

  @Test
  void a_body_over_the_limit_is_413() {
    StringBuilder big = new StringBuilder("[");
    while (big.length() < BODY_LIMIT + 10) {
      big.append("0.5,");
    }
    big.append("0.5]");
    assertError(post("/v2/models/" + MODEL + "/infer", request(big.toString())), 413, "limit of " + BODY_LIMIT);
  }

  @Test
  void unknown_endpoints_and_methods_answer_json() {
    assertError(client.get("/v2/nothing"), 404, "no endpoint GET /v2/nothing");
    assertError(client.send("DELETE", "/v2/models/" + MODEL, null, Map.of()), 405, "DELETE");
  }

  @Test
  void repository_index_lists_every_model_with_its_state() {
    JsonNode index = post("/v2/repository/index", "").json();
    assertThat(index.isArray()).isTrue();
    assertThat(index.findValuesAsText("name")).contains(MODEL, "fashion-cnn-small");
    for (JsonNode e : index) {
      assertThat(e.get("state").asText()).isEqualTo("READY");
      assertThat(e.get("version").asText()).isEqualTo("1");
    }
  }

  @Test
  void statistics_count_successes_and_failures() {
    post("/v2/models/fashion-cnn-small/infer", request("[" + image + "]"));
    post("/v2/models/fashion-cnn-small/infer", request("[1]"));
    JsonNode stats = client.get("/v2/models/fashion-cnn-small/stats").json().get("model_stats").get(0);
    assertThat(stats.get("name").asText()).isEqualTo("fashion-cnn-small");
    JsonNode inference = stats.get("inference_stats");
    assertThat(inference.get("success").get("count").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(inference.get("success").get("ns").asLong()).isPositive();
    assertThat(inference.get("compute_infer").get("ns").asLong()).isPositive();
    assertThat(stats.get("batch_stats").get(0).get("batch_size").asLong()).isEqualTo(1);
    assertThat(client.get("/v2/models/stats").json().get("model_stats").size()).isGreaterThanOrEqualTo(3);
    assertThat(client.get("/v2/models/no-such/stats").status()).isEqualTo(404);
  }

  /** The batches dispatched for {@link #MODEL} so far, summed over their triggers, from the metrics endpoint. */
  private long batchesDispatched() {
    String text = new String(new RestOipClient(server.ports().metrics(), false).get("/metrics").body(), StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("cortado_batch_dispatch_total\\{model=\"" + MODEL + "\",trigger=\"[a-z]+\",version=\"1\"} ([0-9.]+)")
        .matcher(text);
    long total = 0;
    while (m.find()) {
      total += (long) Double.parseDouble(m.group(1));
    }
    return total;
  }

  @Test
  void prometheus_metrics_count_requests_per_model() {
    long before = batchesDispatched();
    post("/v2/models/" + MODEL + "/infer", request("[" + image + "]"));
    assertThat(batchesDispatched() - before).as("one request alone is one batch, counted once").isEqualTo(1);
    var metrics = new RestOipClient(server.ports().metrics(), false).get("/metrics");
    String text = new String(metrics.body(), StandardCharsets.UTF_8);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(text).contains("cortado_inference_request_success_total{model=\"" + MODEL + "\",version=\"1\"}")
        .contains("cortado_inference_compute_infer_duration_us_total")
        .contains("cortado_inference_queue_duration_us_total")
        .contains("cortado_inference_pending_request_count")
        .containsPattern("cortado_batch_dispatch_total\\{model=\"" + MODEL + "\",trigger=\"(immediate|timer|full|knee|deadline)\",version=\"1\"} [1-9]");
  }
}
