package dev.arbiter.pep;

import java.util.Objects;

/**
 * One failed attempt to get an answer from the PDP, as reported to {@link PdpClientMetrics#onError}.
 *
 * @param reason what kind of failure; never {@link DenyReason#POLICY} or an obligation reason
 * @param message what happened
 * @param attempt which attempt of the call failed, from 1
 * @param willRetry true if the client tries again
 */
public record PdpFailure(DenyReason reason, String message, int attempt, boolean willRetry) {
  public PdpFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
