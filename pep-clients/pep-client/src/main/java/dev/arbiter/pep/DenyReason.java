package dev.arbiter.pep;

/**
 * Why a {@link Decision.Deny}: the policies said no, or the client failed closed. Also classifies
 * the failures reported to {@link PdpClientMetrics#onError}.
 */
public enum DenyReason {
  /** The PDP decided deny, not applicable (no policy applies) or indeterminate (an error in a policy). */
  POLICY,
  /** The PDP refused the request as invalid (HTTP 400, gRPC {@code INVALID_ARGUMENT}); retrying cannot help. */
  REQUEST_REJECTED,
  /** The PDP refused this client's credentials or role (HTTP 401/403, gRPC {@code UNAUTHENTICATED}/{@code PERMISSION_DENIED}). */
  CALLER_REJECTED,
  /** The PDP could not be reached, or said it cannot decide now (no connection, HTTP 503, gRPC {@code UNAVAILABLE}). */
  PDP_UNAVAILABLE,
  /** The PDP answered with another error (HTTP 5xx or 429, gRPC {@code INTERNAL}, …). */
  PDP_ERROR,
  /** No answer within the call's deadline. */
  DEADLINE_EXCEEDED,
  /** The circuit breaker is open: recent calls failed, so the PDP is not asked for a while. */
  CIRCUIT_OPEN,
  /** The PDP's answer could not be read, or contradicts itself. */
  MALFORMED_RESPONSE,
  /** The PDP permitted, with an obligation no registered handler understands. */
  UNHANDLED_OBLIGATION,
  /** The PDP permitted, and the handler of one of its obligations refused (or failed) to fulfil it. */
  OBLIGATION_REFUSED,
  /** The client was closed. */
  CLIENT_CLOSED
}
