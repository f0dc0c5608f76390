package dev.cortado.cli.bench;

/** What one request got back: an answer (with what the server said about it) or a failure with its code. */
sealed interface Outcome {
  /** Sent nowhere: the open loop's {@code --max-in-flight} cap was reached. */
  int NOT_SENT = -1;
  /** No answer at all: the connection failed or the request timed out (REST; gRPC has its own codes for these). */
  int NO_ANSWER = 0;

  /**
   * An answer.
   *
   * @param variant the variant that answered ({@code parameters.variant}), null when the answer names none
   * @param accuracy {@code parameters.variant_accuracy}, NaN without one
   * @param costUsd {@code parameters.cost_usd}, NaN without one
   * @param serverMs the time the server accounts for: {@code parameters.queue_ms + compute_ms}, NaN
   *     without both
   */
  record Answered(String variant, double accuracy, double costUsd, double serverMs) implements Outcome {}

  /**
   * A failure.
   *
   * @param code the transport's code ({@link Transport#errorCodes()}), or {@link #NOT_SENT} or {@link #NO_ANSWER}
   */
  record Failed(int code) implements Outcome {}
}
