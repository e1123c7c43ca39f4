package dev.arbiter.pep;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call overrides of the client's settings, e.g. a shorter deadline for an interactive call or a
 * grace period for one tool only. Immutable.
 *
 * @param deadline the time the call may take, retries included, instead of the client's
 * @param gracePeriod how long past its time to live a cached permit may stand in while the PDP is
 *     unreachable, instead of the client's
 */
public record CallOptions(Optional<Duration> deadline, Optional<Duration> gracePeriod) {
  private static final CallOptions DEFAULTS = new CallOptions(Optional.empty(), Optional.empty());

  public CallOptions {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    deadline.ifPresent(value -> {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("a deadline is positive, found " + value);
      }
    });
    gracePeriod.ifPresent(value -> {
      if (value.isNegative()) {
        throw new IllegalArgumentException("a grace period is not negative, found " + value);
      }
    });
  }

  /** The client's settings, unchanged. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /** These options with {@code deadline}. */
  public CallOptions withDeadline(Duration deadline) {
    return new CallOptions(Optional.of(deadline), gracePeriod);
  }

  /** These options with {@code gracePeriod}; {@link Duration#ZERO} turns the grace period off. */
  public CallOptions withGracePeriod(Duration gracePeriod) {
    return new CallOptions(deadline, Optional.of(gracePeriod));
  }
}
