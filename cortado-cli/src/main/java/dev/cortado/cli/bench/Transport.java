package dev.cortado.cli.bench;

import java.util.concurrent.CompletableFuture;

/**
 * How the load generator reaches the server: one prepared request per class, sent on demand. The
 * load generator owns timing (when a request is due, when its answer came); a transport only sends
 * and reads the answer.
 */
interface Transport extends AutoCloseable {
  /**
   * Sends class {@code classIndex}'s request.
   *
   * @return the outcome; never completes exceptionally: a failure is an {@link Outcome.Failed}
   */
  CompletableFuture<Outcome> send(int classIndex);

  /** What the codes of failed outcomes are, for the report's header: "HTTP status" or "gRPC code". */
  String errorCodes();

  /** Stops sending and frees connections; requests still in flight may fail. */
  @Override
  void close();
}
