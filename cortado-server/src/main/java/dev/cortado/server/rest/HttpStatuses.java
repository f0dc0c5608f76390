package dev.cortado.server.rest;

import dev.cortado.core.error.ErrorCode;

/** The one mapping from an error code to an HTTP status (Triton's, plus 429 and 413). */
final class HttpStatuses {
  private HttpStatuses() {}

  static int of(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> 400;
      case NOT_FOUND -> 404;
      case PAYLOAD_TOO_LARGE -> 413;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      case INTERNAL -> 500;
    };
  }
}
