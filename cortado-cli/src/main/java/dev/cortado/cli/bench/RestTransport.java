package dev.cortado.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Open Inference Protocol REST: {@code POST /v2/models/TARGET/infer} with the class's prepared body
 * ({@link RestBodies}: JSON, or the binary tensor extension). Requests go through Vert.x's
 * non-blocking HTTP/1.1 client on one event loop with a pool of keep-alive connections, so the
 * client's own cost per request stays in the tens of microseconds and a load generator on the
 * server's machine takes as little of it as it can. Failures are counted by HTTP status; {@link
 * Outcome#NO_ANSWER} when no response came (connection failed, 30 s timeout).
 */
final class RestTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  /** The one event loop every request is made and answered on (a response read from another thread can lose its body). */
  private final Context loop;
  private final HttpClientAgent http;
  private final List<RequestOptions> requests;
  private final List<Buffer> bodies;

  /**
   * @param baseUrl the server, e.g. {@code http://127.0.0.1:8000}
   * @param bodies each class's prepared request, in the classes' order
   * @param connections keep-alive connections at most (requests beyond wait for one)
   * @throws IllegalArgumentException when the URL is not an {@code http://HOST:PORT} one
   */
  RestTransport(String baseUrl, List<RestBodies.Body> bodies, List<RequestClass> classes, int connections) {
    URI base = base(baseUrl);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    this.loop = vertx.getOrCreateContext();
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(Math.max(1, connections)));
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    int port = base.getPort() > 0 ? base.getPort() : 80;
    this.requests = new ArrayList<>();
    this.bodies = new ArrayList<>();
    for (int i = 0; i < classes.size(); i++) {
      RestBodies.Body b = bodies.get(i);
      RequestOptions r = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(port)
          .setURI(prefix + "/v2/models/" + classes.get(i).target() + "/infer").setTimeout(TIMEOUT_MS)
          .putHeader("Content-Type", b.contentType());
      b.headerLength().ifPresent(n -> r.putHeader("Inference-Header-Content-Length", Integer.toString(n)));
      requests.add(r);
      this.bodies.add(Buffer.buffer(b.bytes()));
    }
  }

  @Override
  public CompletableFuture<Outcome> send(int classIndex) {
    Buffer body = bodies.get(classIndex);
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    loop.runOnContext(v -> http.request(requests.get(classIndex))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> response.statusCode() == 200 ? answered(b)
            : (Outcome) new Outcome.Failed(response.statusCode())))
        .otherwise(e -> new Outcome.Failed(Outcome.NO_ANSWER))
        .onSuccess(outcome::complete));
    return outcome;
  }

  @Override
  public String errorCodes() {
    return "HTTP status";
  }

  @Override
  public void close() {
    try {
      http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing is best effort: the process ends after the report either way
    }
  }

  private static URI base(String baseUrl) {
    URI u;
    try {
      u = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url " + baseUrl + " is not a URL: " + e.getMessage(), e);
    }
    if (!"http".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("--url " + baseUrl + " must be http://HOST[:PORT]");
    }
    return u;
  }

  private static Outcome answered(Buffer body) {
    try {
      JsonNode p = JSON.readTree(body.getBytes()).path("parameters");
      return new Outcome.Answered(p.path("variant").asText(null), p.path("variant_accuracy").asDouble(Double.NaN),
          p.path("cost_usd").asDouble(Double.NaN),
          p.path("queue_ms").asDouble(Double.NaN) + p.path("compute_ms").asDouble(Double.NaN));
    } catch (IOException e) {
      // an answer without (readable) parameters still counts
      return new Outcome.Answered(null, Double.NaN, Double.NaN, Double.NaN);
    }
  }
}
