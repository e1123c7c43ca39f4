package dev.arbiter.pep.mcp;

import dev.arbiter.pep.Fulfilment;
import dev.arbiter.pep.Obligation;
import dev.arbiter.pep.ObligationHandler;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code rate_limit(key, per_minute)}, enforced in this server: at most {@code per_minute} permits
 * per key in any sliding minute. A permit it refuses is a denial that says when to try again. The
 * counts are this process's: several replicas of a server each allow the rate.
 */
final class RateLimits implements ObligationHandler {
  static final String NAME = "rate_limit";
  private static final long MINUTE_MILLIS = 60_000;

  private final Clock clock;
  private final ConcurrentHashMap<String, Deque<Long>> windows = new ConcurrentHashMap<>();

  RateLimits(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Fulfilment fulfil(Obligation obligation, dev.arbiter.pep.AccessRequest request) {
    String key = obligation.stringArgument("key").orElse(null);
    long perMinute = obligation.longArgument("per_minute").orElse(-1);
    if (key == null || perMinute <= 0) {
      return Fulfilment.refused("rate_limit needs `key` and a positive `per_minute`");
    }
    long now = clock.millis();
    Deque<Long> calls = windows.computeIfAbsent(key, ignored -> new ArrayDeque<>());
    synchronized (calls) {
      while (!calls.isEmpty() && calls.peekFirst() <= now - MINUTE_MILLIS) {
        calls.pollFirst();
      }
      if (calls.size() >= perMinute) {
        long retryInSeconds = Math.max(1, (calls.peekFirst() + MINUTE_MILLIS - now + 999) / 1000);
        return Fulfilment.refused("the rate limit of " + perMinute + " calls a minute is reached; try again in "
            + retryInSeconds + " s");
      }
      calls.addLast(now);
    }
    return Fulfilment.accepted();
  }
}
