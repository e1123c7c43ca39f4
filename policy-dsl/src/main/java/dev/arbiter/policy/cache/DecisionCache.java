package dev.arbiter.policy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.request.Request;
import java.time.Duration;

/**
 * Decisions by bundle revision and canonical request: two requests are the same key when they say
 * the same thing, whatever the order of their properties. A new revision never sees an old
 * revision's decisions. Results with a trace are not cached. Thread-safe.
 */
public final class DecisionCache {
  private record Key(String revision, Request request) {}

  private final Cache<Key, AuthorizationResult> decisions;

  /**
   * @param maximumDecisions how many decisions to keep
   * @param timeToLive how long one is kept at most
   */
  public DecisionCache(long maximumDecisions, Duration timeToLive) {
    this.decisions = Caffeine.newBuilder()
        .maximumSize(maximumDecisions)
        .expireAfterWrite(timeToLive)
        .recordStats()
        .build();
  }

  /** The cached decision for this bundle and request, computing it on a miss. */
  public AuthorizationResult evaluate(CompiledBundle bundle, Request request) {
    return decisions.get(new Key(bundle.revision(), request), key -> bundle.evaluate(request));
  }

  public void clear() {
    decisions.invalidateAll();
  }

  /** Performs pending evictions now, so {@link #statistics} reports the bounded size. */
  public void cleanUp() {
    decisions.cleanUp();
  }

  public CacheStatistics statistics() {
    return CacheStatistics.of(decisions);
  }
}
