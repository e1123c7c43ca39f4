package dev.arbiter.policy.cache;

/** How a cache has been doing since it was made. */
public record CacheStatistics(long hits, long misses, long evictions, long size) {
  /** Hits over lookups; 0 before the first lookup. */
  public double hitRatio() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }

  static CacheStatistics of(com.github.benmanes.caffeine.cache.Cache<?, ?> cache) {
    var stats = cache.stats();
    return new CacheStatistics(stats.hitCount(), stats.missCount(), stats.evictionCount(), cache.estimatedSize());
  }
}
