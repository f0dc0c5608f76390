package dev.cortado.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Open Inference Protocol REST: {@code POST /v2/models/TARGET/infer} with the sample body, the
 * class's parameters merged into the body's. Failures are counted by HTTP status; {@link
 * Outcome#NO_ANSWER} when no response came (connection failed, 30 s timeout).
 */
final class RestTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<URI> uris;
  private final List<byte[]> bodies;
  private final HttpClient http;

  /**
   * @param baseUrl the server, e.g. {@code http://127.0.0.1:8000}
   * @param sample the sample request body every class's request starts from
   * @throws IllegalArgumentException when the URL is not one
   */
  RestTransport(String baseUrl, ObjectNode sample, List<RequestClass> classes) throws IOException {
    this.uris = classes.stream().map(c -> URI.create(baseUrl + "/v2/models/" + c.target() + "/infer")).toList();
    this.bodies = bodies(sample, classes);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public CompletableFuture<Outcome> send(int classIndex) {
    HttpRequest request = HttpRequest.newBuilder(uris.get(classIndex))
        .header("Content-Type", "application/json")
        .timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(classIndex))).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
      if (e != null) {
        return new Outcome.Failed(Outcome.NO_ANSWER);
      }
      if (r.statusCode() != 200) {
        return new Outcome.Failed(r.statusCode());
      }
      return answered(r.body());
    });
  }

  @Override
  public String errorCodes() {
    return "HTTP status";
  }

  @Override
  public void close() {
    http.close();
  }

  private static Outcome answered(byte[] body) {
    try {
      JsonNode p = JSON.readTree(body).path("parameters");
      return new Outcome.Answered(p.path("variant").asText(null), p.path("variant_accuracy").asDouble(Double.NaN),
          p.path("cost_usd").asDouble(Double.NaN),
          p.path("queue_ms").asDouble(Double.NaN) + p.path("compute_ms").asDouble(Double.NaN));
    } catch (IOException e) {
      // an answer without (readable) parameters still counts
      return new Outcome.Answered(null, Double.NaN, Double.NaN, Double.NaN);
    }
  }

  /** Request bodies with each class's parameters merged into the sample's, and no {@code id}. */
  static List<byte[]> bodies(ObjectNode sample, List<RequestClass> classes) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (RequestClass c : classes) {
      ObjectNode root = sample.deepCopy();
      root.remove("id");
      ObjectNode params = root.get("parameters") instanceof ObjectNode p ? p : root.putObject("parameters");
      for (Map.Entry<String, Object> e : c.parameters().entrySet()) {
        params.putPOJO(e.getKey(), e.getValue());
      }
      out.add(JSON.writeValueAsBytes(root));
    }
    return out;
  }
}
