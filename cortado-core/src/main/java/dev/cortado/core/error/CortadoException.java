package dev.cortado.core.error;

import java.util.Objects;

/**
 * The one exception type of Cortado: a code and a message written for the caller (what was wrong,
 * and what was expected). Native and checked exceptions are wrapped once, at the adapter that saw
 * them, with the model's name in the message.
 */
public final class CortadoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * Only our own faults ({@link ErrorCode#INTERNAL}) record a stack trace: a client's mistake or an
   * overload is an expected answer, and filling in a deep server stack for each costs tens of
   * microseconds on the request path.
   */
  public CortadoException(ErrorCode code, String message) {
    super(message, null, true, Objects.requireNonNull(code, "code") == ErrorCode.INTERNAL);
    this.code = code;
  }

  public CortadoException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, true, Objects.requireNonNull(code, "code") == ErrorCode.INTERNAL || cause != null);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static CortadoException invalidArgument(String format, Object... args) {
    return new CortadoException(ErrorCode.INVALID_ARGUMENT, String.format(format, args));
  }

  public static CortadoException notFound(String format, Object... args) {
    return new CortadoException(ErrorCode.NOT_FOUND, String.format(format, args));
  }

  public static CortadoException unavailable(String format, Object... args) {
    return new CortadoException(ErrorCode.UNAVAILABLE, String.format(format, args));
  }

  public static CortadoException resourceExhausted(String format, Object... args) {
    return new CortadoException(ErrorCode.RESOURCE_EXHAUSTED, String.format(format, args));
  }

  public static CortadoException unimplemented(String format, Object... args) {
    return new CortadoException(ErrorCode.UNIMPLEMENTED, String.format(format, args));
  }

  public static CortadoException internal(String message, Throwable cause) {
    return new CortadoException(ErrorCode.INTERNAL, message, cause);
  }

  /** The exception as a {@link CortadoException}: itself, or wrapped as {@link ErrorCode#INTERNAL}. */
  public static CortadoException of(Throwable t) {
    Throwable cause = t;
    while (cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) {
      if (cause.getCause() == null) {
        break;
      }
      cause = cause.getCause();
    }
    if (cause instanceof CortadoException ce) {
      return ce;
    }
    return internal(String.valueOf(cause.getMessage()), cause);
  }
}
