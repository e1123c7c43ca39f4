package dev.arbiter.pep;

/**
 * A remote call that produced no usable answer: what kind of failure, whether trying again may
 * help, and what happened. Thrown by the transports, caught by the client, never seen by users
 * (they get a {@link Decision.Deny}). Carries no stack trace: it is an expected outcome, not a bug.
 */
final class CallFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final DenyReason reason;
  private final boolean retryable;
  private final boolean sent;

  CallFailure(DenyReason reason, boolean retryable, String message) {
    this(reason, retryable, true, message);
  }

  private CallFailure(DenyReason reason, boolean retryable, boolean sent, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.retryable = retryable;
    this.sent = sent;
  }

  /**
   * A request the client refused to send (a header value that would break the request): the PDP
   * was not asked, so the failure says nothing about its health, and a half-open breaker must not
   * take it for a probe that went well.
   */
  static CallFailure unsent(DenyReason reason, String message) {
    return new CallFailure(reason, false, false, message);
  }

  /** A failure that another attempt cannot fix. */
  static CallFailure of(DenyReason reason, String message) {
    return new CallFailure(reason, false, message);
  }

  /** The PDP could not be reached or was not ready: worth another attempt. */
  static CallFailure unavailable(String message) {
    return new CallFailure(DenyReason.PDP_UNAVAILABLE, true, message);
  }

  static CallFailure malformed(String message) {
    return new CallFailure(DenyReason.MALFORMED_RESPONSE, false, "the PDP's answer is malformed: " + message);
  }

  DenyReason reason() {
    return reason;
  }

  boolean retryable() {
    return retryable;
  }

  /** True for failures that say the PDP is unhealthy, as opposed to refusing this one request. */
  boolean countsAgainstPdp() {
    return switch (reason) {
      case PDP_UNAVAILABLE, PDP_ERROR, DEADLINE_EXCEEDED, MALFORMED_RESPONSE -> true;
      default -> false;
    };
  }

  /** True if the PDP itself answered, refusing the request or the caller: it is up and well. */
  boolean answeredByPdp() {
    return sent && (reason == DenyReason.REQUEST_REJECTED || reason == DenyReason.CALLER_REJECTED);
  }
}
