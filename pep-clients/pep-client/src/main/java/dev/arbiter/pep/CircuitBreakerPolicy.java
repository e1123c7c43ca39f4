package dev.arbiter.pep;

import java.time.Duration;
import java.util.Objects;

/**
 * When the client stops asking a failing PDP. {@code failureThreshold} failed calls in a row (after
 * their retries; failures are {@link DenyReason#PDP_UNAVAILABLE}, {@link DenyReason#PDP_ERROR},
 * {@link DenyReason#DEADLINE_EXCEEDED} and {@link DenyReason#MALFORMED_RESPONSE}) <b>open</b> the
 * breaker: for {@code openDuration} every call is denied at once with {@link
 * DenyReason#CIRCUIT_OPEN}, without reaching the PDP. Then it is <b>half-open</b>: up to {@code
 * halfOpenProbes} calls go through as probes; if they all succeed it <b>closes</b>, and one failure
 * opens it again. Any answer of the PDP, a deny or a rejected request included, counts as a success.
 *
 * @param failureThreshold consecutive failures that open the breaker; at least 1
 * @param openDuration how long it stays open; positive
 * @param halfOpenProbes calls let through while half-open; at least 1
 */
public record CircuitBreakerPolicy(int failureThreshold, Duration openDuration, int halfOpenProbes) {
  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException for values outside these ranges
   */
  public CircuitBreakerPolicy {
    Objects.requireNonNull(openDuration, "openDuration");
    if (failureThreshold < 1 || halfOpenProbes < 1 || openDuration.isNegative() || openDuration.isZero()) {
      throw new IllegalArgumentException("failureThreshold >= 1, openDuration > 0 and halfOpenProbes >= 1, found "
          + failureThreshold + ", " + openDuration + " and " + halfOpenProbes);
    }
  }

  /** Opens after 5 failures in a row, for 5 s, then probes with one call. */
  public static CircuitBreakerPolicy defaults() {
    return new CircuitBreakerPolicy(5, Duration.ofSeconds(5), 1);
  }

  /** Never opens. */
  public static CircuitBreakerPolicy disabled() {
    return new CircuitBreakerPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), 1);
  }
}
