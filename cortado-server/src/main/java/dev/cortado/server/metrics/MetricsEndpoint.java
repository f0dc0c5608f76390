package dev.cortado.server.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.ExecutionException;

/** Serves {@code GET /metrics} in the Prometheus text format on its own port. */
public final class MetricsEndpoint implements AutoCloseable {
  private final ServerMetrics metrics;
  private final Vertx vertx;
  private HttpServer server;

  public MetricsEndpoint(ServerMetrics metrics, Vertx vertx) {
    this.metrics = metrics;
    this.vertx = vertx;
  }

  /** @return the bound port */
  public int start(String host, int port) {
    try {
      server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
          .requestHandler(req -> {
            if ("/metrics".equals(req.path())) {
              req.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
            } else {
              req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                  .end("{\"error\":\"metrics are at /metrics\"}");
            }
          })
          .listen().toCompletionStage().toCompletableFuture().get();
      return server.actualPort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding metrics port", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot listen for metrics on " + host + ":" + port + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
