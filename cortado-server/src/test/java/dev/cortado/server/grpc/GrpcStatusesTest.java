package dev.cortado.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class GrpcStatusesTest {

  @Test
  void mapsEveryErrorCode() {
    Map<ErrorCode, Status.Code> expected = Map.of(
        ErrorCode.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT,
        ErrorCode.NOT_FOUND, Status.Code.NOT_FOUND,
        ErrorCode.PAYLOAD_TOO_LARGE, Status.Code.RESOURCE_EXHAUSTED,
        ErrorCode.UNAVAILABLE, Status.Code.UNAVAILABLE,
        ErrorCode.RESOURCE_EXHAUSTED, Status.Code.RESOURCE_EXHAUSTED,
        ErrorCode.DEADLINE_EXCEEDED, Status.Code.DEADLINE_EXCEEDED,
        ErrorCode.UNIMPLEMENTED, Status.Code.UNIMPLEMENTED,
        ErrorCode.INTERNAL, Status.Code.INTERNAL);
    assertThat(expected).hasSize(ErrorCode.values().length);
    expected.forEach((code, status) -> assertThat(GrpcStatuses.codeOf(code)).as(code.name()).isEqualTo(status));
  }

  @Test
  void describesWithTheExceptionsMessageAndUnwrapsCompletion() {
    StatusRuntimeException e = GrpcStatuses.toStatusException(
        new CompletionException(CortadoException.resourceExhausted("model '%s' is overloaded", "m")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getStatus().getDescription()).isEqualTo("model 'm' is overloaded");
  }

  @Test
  void anythingElseIsInternal() {
    StatusRuntimeException e = GrpcStatuses.toStatusException(new IllegalStateException("bug"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getStatus().getDescription()).isEqualTo("bug");
  }
}
