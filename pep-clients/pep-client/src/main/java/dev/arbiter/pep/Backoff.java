package dev.arbiter.pep;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, for retries and for reconnecting the revision stream: the
 * {@code n}th wait is {@code initial × 2^(n-1)}, capped at {@code max}, then spread uniformly over
 * ±50 % (still capped) so that many clients that failed together do not come back together.
 */
final class Backoff {
  private Backoff() {}

  /**
   * The wait before the {@code retry}th retry, from 1.
   *
   * @param random a number in [0, 1) that places the wait within its jitter range
   */
  static long delayNanos(int retry, Duration initial, Duration max, double random) {
    long cap = max.toNanos();
    long base = initial.toNanos();
    for (int i = 1; i < retry && base < cap; i++) {
      base = base > cap / 2 ? cap : base * 2;
    }
    base = Math.min(base, cap);
    long jittered = (long) (base * (0.5 + random));
    return Math.min(jittered, cap);
  }

  /** {@link #delayNanos(int, Duration, Duration, double)} with a fresh random number. */
  static long delayNanos(int retry, Duration initial, Duration max) {
    return delayNanos(retry, initial, max, ThreadLocalRandom.current().nextDouble());
  }
}
