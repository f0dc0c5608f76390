package dev.cortado.server.grpc;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one mapping from Cortado's error codes to gRPC status codes. The description is the
 * exception's message, the same words REST puts in its {@code error} field. Only our own faults
 * become INTERNAL, and only those are logged here.
 */
public final class GrpcStatuses {
  private static final System.Logger LOG = System.getLogger(GrpcStatuses.class.getName());

  private GrpcStatuses() {}

  /** The gRPC status code of an error code. */
  public static Status.Code codeOf(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case PAYLOAD_TOO_LARGE, RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
      case UNIMPLEMENTED -> Status.Code.UNIMPLEMENTED;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  /** A failure as the status a client sees: a {@link CortadoException}'s code, or INTERNAL for anything else. */
  public static StatusRuntimeException toStatusException(Throwable failure) {
    CortadoException e = CortadoException.of(failure);
    if (e.code() == ErrorCode.INTERNAL) {
      LOG.log(System.Logger.Level.WARNING, "gRPC call failed with an internal error: " + e.getMessage(), e);
    }
    return Status.fromCode(codeOf(e.code())).withDescription(e.getMessage()).asRuntimeException();
  }
}
