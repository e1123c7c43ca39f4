package dev.arbiter.pep;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failed call is tried again. Only failures where the PDP did not decide and may on a
 * second try are retried ({@link DenyReason#PDP_UNAVAILABLE}: refused or dropped connections, HTTP
 * 503, gRPC {@code UNAVAILABLE}); decisions are read-only, so a retry is always safe. A retry waits
 * an exponentially growing, jittered backoff and never starts when the backoff would reach past the
 * call's deadline.
 *
 * <p>Retries also draw on a <b>budget</b>, so that an outage does not multiply the load on the PDP:
 * each call adds {@code budgetRatio} of a token (at most {@code budgetBurst} banked), each retry
 * takes one, and {@code minRetriesPerSecond} tokens trickle in per second regardless, so that a
 * quiet client may still retry. With the defaults, retries add at most about 20 % to the calls.
 *
 * @param maxAttempts attempts per call, the first included; 1 turns retries off
 * @param initialBackoff wait before the first retry; each further one doubles it (every wait jittered by ±50 %)
 * @param maxBackoff the longest wait between attempts
 * @param budgetRatio tokens each call adds to the budget, in [0, 1]
 * @param minRetriesPerSecond tokens added per second regardless of traffic
 * @param budgetBurst the most tokens the budget banks
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double budgetRatio,
    int minRetriesPerSecond, int budgetBurst) {
  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException for values outside these ranges
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts is at least 1, found " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 <= initialBackoff <= maxBackoff, found "
          + initialBackoff + " and " + maxBackoff);
    }
    if (!(budgetRatio >= 0 && budgetRatio <= 1)) {
      throw new IllegalArgumentException("budgetRatio is in [0, 1], found " + budgetRatio);
    }
    if (minRetriesPerSecond < 0 || budgetBurst < 1) {
      throw new IllegalArgumentException("minRetriesPerSecond >= 0 and budgetBurst >= 1, found "
          + minRetriesPerSecond + " and " + budgetBurst);
    }
  }

  /** 3 attempts, backoff from 10 ms to 200 ms, a budget of 20 % plus 10 retries a second, 100 banked. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(200), 0.2, 10, 100);
  }

  /** One attempt per call. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, 0, 1);
  }
}
