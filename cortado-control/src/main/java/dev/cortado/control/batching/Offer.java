package dev.cortado.control.batching;

import dev.cortado.core.error.CortadoException;
import dev.cortado.core.error.ErrorCode;
import java.util.Objects;

/** What became of a request offered to a {@link RequestQueue} with an admission rule. */
public sealed interface Offer permits Offer.Accepted, Offer.Rejected {

  /** Queued; the batcher will serve it. */
  record Accepted(Pending pending) implements Offer {
    public Accepted {
      Objects.requireNonNull(pending, "pending");
    }
  }

  /** Not queued: the queue is full, or the request cannot meet its deadline; {@code reason} says which. */
  record Rejected(String reason) implements Offer {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    /** Fail fast: {@link ErrorCode#RESOURCE_EXHAUSTED} with the reason; the caller may retry later. */
    public CortadoException toError() {
      return new CortadoException(ErrorCode.RESOURCE_EXHAUSTED, reason);
    }
  }
}
