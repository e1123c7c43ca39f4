package dev.arbiter.pep;

import java.time.Duration;
import java.util.Objects;

/**
 * The decision cache. An answer of the PDP is reused for identical requests (see {@link
 * AccessRequest}) for as long as its {@linkplain PdpResponse#ttl() time to live} says, capped at
 * {@code maxTtl}, and only while the PDP's policy revision is the one that decided it: a new
 * revision, announced by the PDP's revision stream or seen in an answer, empties the cache. Answers
 * with a zero time to live, rejected requests and failures are never cached.
 *
 * @param maximumSize the most answers kept (least recently and frequently used go first); 0 turns
 *     the cache off
 * @param maxTtl the longest any answer is reused, whatever the PDP allows; positive
 */
public record CachePolicy(long maximumSize, Duration maxTtl) {
  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException for values outside these ranges
   */
  public CachePolicy {
    Objects.requireNonNull(maxTtl, "maxTtl");
    if (maximumSize < 0 || maxTtl.isNegative() || maxTtl.isZero()) {
      throw new IllegalArgumentException("maximumSize >= 0 and maxTtl > 0, found " + maximumSize + " and " + maxTtl);
    }
  }

  /** 10,000 answers, each for at most 5 minutes (the PDP's own time to live is 10 s by default). */
  public static CachePolicy defaults() {
    return new CachePolicy(10_000, Duration.ofMinutes(5));
  }

  /** No cache: every call asks the PDP. */
  public static CachePolicy disabled() {
    return new CachePolicy(0, Duration.ofMinutes(5));
  }

  /** True if answers are cached at all. */
  public boolean enabled() {
    return maximumSize > 0;
  }
}
