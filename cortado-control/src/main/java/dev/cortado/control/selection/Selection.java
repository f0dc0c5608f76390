package dev.cortado.control.selection;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.util.Objects;

/** What a selector decided for one query: a variant to send it to, or why none can take it. */
public sealed interface Selection permits Selection.Chosen, Selection.ColdStart, Selection.Infeasible, Selection.Overloaded {

  /**
   * Send the request to a READY instance of {@code variant}.
   *
   * @param predictedLatencyMs queue plus compute, the latency the caller should expect
   * @param queueMs the part of it spent behind work already accepted
   * @param costPer1k what a thousand such requests cost
   * @param reason why this variant, for logs and the response
   */
  record Chosen(String variant, double predictedLatencyMs, double queueMs, double costPer1k, String reason) implements Selection {
    public Chosen {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(reason, "reason");
      requireNonNegative(predictedLatencyMs, "predictedLatencyMs");
      requireNonNegative(queueMs, "queueMs");
      requireNonNegative(costPer1k, "costPer1k");
    }
  }

  /**
   * No READY instance of {@code variant}: the request waits for one to start. Start an instance
   * unless one is already starting ({@link VariantLoad#startingInstances()}), and send the request
   * there.
   *
   * @param predictedLatencyMs cold start plus compute (plus the queue on an instance already starting)
   * @param coldStartMs the variant's profiled cold start
   */
  record ColdStart(String variant, double predictedLatencyMs, double coldStartMs, double costPer1k, String reason) implements Selection {
    public ColdStart {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(reason, "reason");
      requireNonNegative(predictedLatencyMs, "predictedLatencyMs");
      requireNonNegative(coldStartMs, "coldStartMs");
      requireNonNegative(costPer1k, "costPer1k");
    }
  }

  /** No variant can ever meet the query, however idle the cluster: the caller must ask otherwise. */
  record Infeasible(String message) implements Selection {
    public Infeasible {
      Objects.requireNonNull(message, "message");
    }

    /** The caller's mistake: {@link ErrorCode#INVALID_ARGUMENT}, with the nearest variant named. */
    public CortadoException toError() {
      return new CortadoException(ErrorCode.INVALID_ARGUMENT, message);
    }
  }

  /** Some variant could meet the query, but none can in time under the current load. */
  record Overloaded(String message) implements Selection {
    public Overloaded {
      Objects.requireNonNull(message, "message");
    }

    /** Fail fast: {@link ErrorCode#RESOURCE_EXHAUSTED}; the caller may retry later. */
    public CortadoException toError() {
      return new CortadoException(ErrorCode.RESOURCE_EXHAUSTED, message);
    }
  }

  private static void requireNonNegative(double value, String name) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(name + " = " + value + ", must be >= 0");
    }
  }
}
