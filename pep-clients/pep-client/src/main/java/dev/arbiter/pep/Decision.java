package dev.arbiter.pep;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the enforcement point must do: a {@link Permit} or a {@link Deny}. A permit is only ever
 * given when the PDP permitted (now, or in a cached answer) and every obligation of that answer was
 * {@linkplain ObligationHandler fulfilled}; every other situation is a deny whose {@link
 * Deny#reason() reason} says which.
 *
 * <pre>{@code
 * switch (client.evaluate(request)) {
 *   case Decision.Permit permit -> runTheTool(permit.obligations());
 *   case Decision.Deny deny -> refuse(deny.reason(), deny.message());
 * }
 * }</pre>
 */
public sealed interface Decision permits Decision.Permit, Decision.Deny {
  /** True for a {@link Permit}. */
  boolean permitted();

  /** Where the answer this decision rests on came from. */
  Source source();

  /** The PDP's answer this decision rests on, if there was one. */
  Optional<PdpResponse> pdpResponse();

  /** The obligations of the PDP's answer (empty without one), in the PDP's order. */
  default List<Obligation> obligations() {
    return pdpResponse().map(PdpResponse::obligations).orElse(List.of());
  }

  /** The advice of the PDP's answer (empty without one), in the PDP's order. */
  default List<Obligation> advice() {
    return pdpResponse().map(PdpResponse::advice).orElse(List.of());
  }

  /** The PDP's decision id, to correlate with its logs, if it answered. */
  default Optional<String> decisionId() {
    return pdpResponse().map(PdpResponse::decisionId).filter(id -> !id.isEmpty());
  }

  /**
   * Go ahead, and carry out the {@linkplain #obligations() obligations}.
   *
   * @param source {@link Source#REMOTE}, {@link Source#CACHE} or {@link Source#GRACE}
   * @param response the PDP's permit
   */
  record Permit(Source source, PdpResponse response) implements Decision {
    public Permit {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(response, "response");
      if (source == Source.NONE) {
        throw new IllegalArgumentException("a permit rests on an answer of the PDP");
      }
      if (response.outcome() != PdpOutcome.PERMIT) {
        throw new IllegalArgumentException("a permit rests on a permit of the PDP, not " + response.outcome());
      }
    }

    @Override
    public boolean permitted() {
      return true;
    }

    @Override
    public Optional<PdpResponse> pdpResponse() {
      return Optional.of(response);
    }
  }

  /**
   * Refuse.
   *
   * @param reason why: the policies ({@link DenyReason#POLICY}) or a failure
   * @param message what happened, for logs; never shown to the end user by this library
   * @param source where the answer came from; {@link Source#NONE} when there was none
   * @param pdpResponse the PDP's answer, if any: its deny, or a permit refused for its obligations
   */
  record Deny(DenyReason reason, String message, Source source, Optional<PdpResponse> pdpResponse)
      implements Decision {
    public Deny {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(pdpResponse, "pdpResponse");
    }

    @Override
    public boolean permitted() {
      return false;
    }
  }
}
