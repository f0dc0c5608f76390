package dev.cortado.core.error;

/**
 * What kind of failure a {@link CortadoException} is. The edges (REST, gRPC) map each code to a
 * status once, in one place; a client's mistake is never {@link #INTERNAL}.
 */
public enum ErrorCode {
  /** The request is malformed or contradicts the model's contract. HTTP 400. */
  INVALID_ARGUMENT,
  /** The model, version or task does not exist. HTTP 404. */
  NOT_FOUND,
  /** The request body is larger than the configured limit. HTTP 413. */
  PAYLOAD_TOO_LARGE,
  /** The server or model cannot serve right now (loading, unloading, failed). HTTP 503. */
  UNAVAILABLE,
  /** Overloaded: queues are full or the deadline cannot be met. HTTP 429. */
  RESOURCE_EXHAUSTED,
  /** The request's deadline passed before it was answered. HTTP 504. */
  DEADLINE_EXCEEDED,
  /** A feature the protocol names but this server or model does not support. HTTP 501. */
  UNIMPLEMENTED,
  /** Our own fault. HTTP 500. */
  INTERNAL
}
