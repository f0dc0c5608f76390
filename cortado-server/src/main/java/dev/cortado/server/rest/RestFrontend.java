package dev.cortado.server.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import dev.cortado.core.inference.InferenceRequest;
import dev.cortado.server.control.DecisionLog;
import dev.cortado.server.inference.InferenceService;
import dev.cortado.server.repository.ModelVersion;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Open Inference Protocol over HTTP/1.1 (Vert.x): health, metadata, inference (JSON and the
 * binary tensor extension), the model repository and statistics extensions. Decodes and encodes
 * only; everything else is {@link InferenceService}'s. Requests are decoded on the event loop and
 * run on the model's instance threads; repository loads run on virtual threads. Beside the
 * protocol, {@code GET /v2/cortado/decisions} shows the autoscaler's recent decisions.
 */
public final class RestFrontend implements AutoCloseable {
  static final String HEADER_LENGTH = "Inference-Header-Content-Length";
  private static final String BODY = "cortado.body";

  private final InferenceService service;
  private final Vertx vertx;
  private final long bodyLimit;
  private final JsonRequestDecoder decoder;
  private final JsonResponseEncoder encoder;
  private final JsonBodies bodies;
  private final DecisionLog decisions;
  private final DecisionsJson decisionsJson;
  private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
  private final List<String> deployments = new ArrayList<>();

  /** A frontend of a server without a control loop. */
  public RestFrontend(InferenceService service, Vertx vertx, long bodyLimit) {
    this(service, vertx, bodyLimit, DecisionLog.none());
  }

  public RestFrontend(InferenceService service, Vertx vertx, long bodyLimit, DecisionLog decisions) {
    this.service = service;
    this.decisions = decisions;
    this.vertx = vertx;
    this.bodyLimit = bodyLimit;
    // Tensor data is mostly numbers: parse them with the fast (Schubfach-style) readers and writers.
    ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .build());
    this.decoder = new JsonRequestDecoder(mapper);
    this.encoder = new JsonResponseEncoder(mapper.getFactory());
    this.bodies = new JsonBodies(mapper);
    this.decisionsJson = new DecisionsJson(bodies);
  }

  /**
   * Listens on {@code host:port} (0 picks a free port) with one server per event loop.
   *
   * @return the bound port
   */
  public int start(String host, int port, int eventLoops) {
    Router router = router();
    if (port != 0 || eventLoops == 1) {
      return listen(router, host, port, eventLoops);
    }
    // Vert.x shares a listening socket among servers by requested host:port, and port 0 is not
    // shared: pick a free port first, then bind every loop's server to it.
    for (int attempt = 1; ; attempt++) {
      try {
        return listen(router, host, FreePort.pick(host), eventLoops);
      } catch (IllegalStateException e) {
        if (attempt == 3 || !(e.getCause() instanceof java.net.BindException)) {
          throw e;
        }
      }
    }
  }

  /** Deploys {@code instances} servers, each on its own event loop; Vert.x shares the port among them. */
  private int listen(Router router, String host, int port, int instances) {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setTcpNoDelay(true).setCompressionSupported(false);
    List<HttpServer> bound = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      String id = vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
              return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(bound::add);
            }
          }, new DeploymentOptions().setInstances(instances))
          .toCompletionStage().toCompletableFuture().get();
      deployments.add(id);
      int actual = bound.getFirst().actualPort();
      if (bound.stream().anyMatch(s -> s.actualPort() != actual)) {
        throw new IllegalStateException("HTTP servers bound different ports: " + bound.stream().map(HttpServer::actualPort).toList());
      }
      return actual;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding HTTP port " + port, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  Router router() {
    Router r = Router.router(vertx);
    Handler<RoutingContext> body = this::readBody;

    // Inference first: the router tries routes in order, matching each path pattern, and almost
    // every request is an inference (no other route's pattern matches an inference path).
    r.post("/v2/models/:model/infer").handler(body).handler(ctx -> infer(ctx, Optional.empty()));
    r.post("/v2/models/:model/versions/:version/infer").handler(body).handler(ctx -> infer(ctx, Optional.of(ctx.pathParam("version"))));

    r.get("/v2/health/live").handler(ctx -> json(ctx, service.isLive() ? 200 : 503, bodies.flag("live", service.isLive())));
    r.get("/v2/health/ready").handler(ctx -> json(ctx, service.isReady() ? 200 : 503, bodies.flag("ready", service.isReady())));
    r.get("/v2").handler(ctx -> json(ctx, 200, bodies.serverMetadata(service.serverMetadata())));

    r.get("/v2/models/stats").handler(ctx -> json(ctx, 200, bodies.statistics(service.index())));
    r.get("/v2/models/:model/stats").handler(ctx -> stats(ctx, Optional.empty()));
    r.get("/v2/models/:model/versions/:version/stats").handler(ctx -> stats(ctx, Optional.of(ctx.pathParam("version"))));

    r.get("/v2/models/:model").handler(ctx -> metadata(ctx, Optional.empty()));
    r.get("/v2/models/:model/versions/:version").handler(ctx -> metadata(ctx, Optional.of(ctx.pathParam("version"))));
    r.get("/v2/models/:model/ready").handler(ctx -> ready(ctx, Optional.empty()));
    r.get("/v2/models/:model/versions/:version/ready").handler(ctx -> ready(ctx, Optional.of(ctx.pathParam("version"))));

    r.post("/v2/repository/index").handler(ctx -> json(ctx, 200, bodies.index(service.index())));
    r.post("/v2/repository/models/:model/load").handler(ctx -> lifecycle(ctx, true));
    r.post("/v2/repository/models/:model/unload").handler(ctx -> lifecycle(ctx, false));
    r.get("/v2/cortado/decisions").handler(this::decisions);

    r.errorHandler(404, ctx -> error(ctx, 404, "no endpoint " + ctx.request().method() + " " + ctx.request().path()
        + "; see the Open Inference Protocol's REST paths under /v2"));
    r.route().failureHandler(this::failure);
    r.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method() + " is not allowed on " + ctx.request().path()));
    return r;
  }

  private void metadata(RoutingContext ctx, Optional<String> version) {
    json(ctx, 200, bodies.modelMetadata(service.modelMetadata(ctx.pathParam("model"), version)));
  }

  private void ready(RoutingContext ctx, Optional<String> version) {
    String model = ctx.pathParam("model");
    boolean ready = service.isModelReady(model, version);
    json(ctx, ready ? 200 : 503, bodies.modelReady(model, ready));
  }

  private void stats(RoutingContext ctx, Optional<String> version) {
    String model = ctx.pathParam("model");
    List<ModelVersion> versions = version.isPresent()
        ? List.of(service.find(model, version))
        : service.versions(model).orElseThrow(() -> CortadoException.notFound("model '%s' not found", model));
    json(ctx, 200, bodies.statistics(versions));
  }

  /** {@code ?variant=} keeps one variant's decisions; {@code ?limit=} the newest n (default: all kept). */
  private void decisions(RoutingContext ctx) {
    Optional<String> variant = Optional.ofNullable(ctx.request().getParam("variant")).filter(v -> !v.isEmpty());
    String limitParam = ctx.request().getParam("limit");
    int limit = decisions.capacity();
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 0) {
        throw CortadoException.invalidArgument("limit = '%s', must be a whole number >= 0", limitParam);
      }
    }
    json(ctx, 200, decisionsJson.of(decisions.autoscaler(), decisions.recent(variant, limit)));
  }

  private void lifecycle(RoutingContext ctx, boolean load) {
    String model = ctx.pathParam("model");
    Context context = vertx.getOrCreateContext();
    blocking.execute(() -> {
      try {
        if (load) {
          service.repository().load(model);
        } else {
          service.repository().unload(model);
        }
        context.runOnContext(v -> json(ctx, 200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        context.runOnContext(v -> ctx.fail(e));
      }
    });
  }

  /**
   * Collects the request body, whatever its content type (a client that sends tensors as a form
   * must not get the body parsed as one), refusing it with 413 once it passes the limit.
   */
  private void readBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    long length = -1;
    if (declared != null) {
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        error(ctx, 400, "Content-Length = '" + declared + "', must be a whole number");
        return;
      }
      if (length > bodyLimit) {
        tooLarge(ctx);
        return;
      }
    }
    BodyCollector collected = new BodyCollector(length, bodyLimit);
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (!collected.add(chunk)) {
        refused[0] = true;
        tooLarge(ctx);
      }
    });
    request.exceptionHandler(ctx::fail);
    request.endHandler(v -> {
      if (!refused[0]) {
        ctx.put(BODY, collected.bytes());
        ctx.next();
      }
    });
    request.resume();
  }

  private void tooLarge(RoutingContext ctx) {
    ctx.response().putHeader("Connection", "close");
    error(ctx, 413, "request body is larger than the limit of " + bodyLimit + " bytes");
  }

  private void infer(RoutingContext ctx, Optional<String> version) {
    byte[] body = ctx.get(BODY);
    byte[] bytes = body == null ? new byte[0] : body;
    int jsonLength = jsonLength(ctx.request().getHeader(HEADER_LENGTH), bytes.length);
    InferenceRequest request = decoder.decode(ctx.pathParam("model"), version, bytes, jsonLength);
    Context context = vertx.getOrCreateContext();
    Executor onContext = task -> context.runOnContext(v -> task.run());
    service.infer(request).whenCompleteAsync((response, error) -> {
      if (error != null) {
        ctx.fail(CortadoException.of(error));
        return;
      }
      JsonResponseEncoder.Encoded encoded;
      try {
        encoded = encoder.encode(response, request);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      var r = ctx.response().setStatusCode(200);
      if (encoded.hasBinary()) {
        r.putHeader(HEADER_LENGTH, Integer.toString(encoded.jsonLength()))
            .putHeader("Content-Type", "application/octet-stream");
      } else {
        r.putHeader("Content-Type", "application/json");
      }
      r.end(encoded.body());
    }, onContext);
  }

  private static int jsonLength(String header, int bodyLength) {
    if (header == null) {
      return bodyLength;
    }
    try {
      int n = Integer.parseInt(header.trim());
      if (n < 0 || n > bodyLength) {
        throw CortadoException.invalidArgument(
            "%s = %d, must be between 0 and the body's length %d", HEADER_LENGTH, n, bodyLength);
      }
      return n;
    } catch (NumberFormatException e) {
      throw CortadoException.invalidArgument("%s = '%s', must be a whole number", HEADER_LENGTH, header);
    }
  }

  private void failure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t == null) {
      int status = ctx.statusCode();
      String message = switch (status) {
        case 413 -> "request body is larger than the limit of " + bodyLimit + " bytes";
        case 400 -> "bad request";
        default -> "request failed with status " + status;
      };
      error(ctx, status < 400 ? 500 : status, message);
      return;
    }
    CortadoException e = CortadoException.of(t);
    if (e.getMessage() == null || e.getMessage().equals("null")) {
      e = CortadoException.internal(t.getClass().getSimpleName() + " while serving " + ctx.request().path(), t);
    }
    if (e.code() == ErrorCode.INTERNAL) {
      System.getLogger(RestFrontend.class.getName()).log(System.Logger.Level.ERROR, "internal error on " + ctx.request().path(), e);
    }
    error(ctx, HttpStatuses.of(e.code()), e.getMessage());
  }

  private void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, bodies.error(message));
  }

  private static void json(RoutingContext ctx, int status, byte[] body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
  }

  @Override
  public void close() {
    for (String id : deployments) {
      vertx.undeploy(id).toCompletionStage().toCompletableFuture().join();
    }
    deployments.clear();
    blocking.close();
  }
}
