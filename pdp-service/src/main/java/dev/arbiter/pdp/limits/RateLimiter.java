package dev.arbiter.pdp.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One named limit: a token bucket per key for each of its rates (per minute, per hour). A call
 * takes a token from every bucket or from none, so a refused call does not use up the other rate.
 * Buckets of keys not seen for an hour are dropped: a fresh bucket is full, which is what an hour
 * of silence would have refilled anyway.
 */
final class RateLimiter {
  private final String name;
  private final String action;
  private final KeyKind key;
  private final Optional<Rate> perMinute;
  private final Optional<Rate> perHour;
  private final Clock clock;
  private final Cache<String, Buckets> buckets;

  enum KeyKind {
    SUBJECT, TOOL, TENANT, SUBJECT_TOOL;

    static Optional<KeyKind> parse(String text) {
      for (KeyKind kind : values()) {
        if (kind.name().replace('_', '-').equalsIgnoreCase(text)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }
  }

  /** {@code capacity} tokens, refilled evenly over {@code period}. */
  record Rate(int capacity, Duration period) {}

  private static final class Bucket {
    double tokens;
    long updatedNanos;
  }

  private static final class Buckets {
    final Bucket minute = new Bucket();
    final Bucket hour = new Bucket();
  }

  RateLimiter(String name, String action, KeyKind key, Optional<Integer> perMinute, Optional<Integer> perHour,
      Clock clock) {
    this.name = name;
    this.action = action;
    this.key = key;
    this.perMinute = perMinute.map(n -> new Rate(n, Duration.ofMinutes(1)));
    this.perHour = perHour.map(n -> new Rate(n, Duration.ofHours(1)));
    this.clock = clock;
    this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).maximumSize(1_000_000).build();
  }

  String name() {
    return name;
  }

  String action() {
    return action;
  }

  KeyKind key() {
    return key;
  }

  /** Takes a token for {@code key}; false when a rate is used up. */
  boolean tryAcquire(String bucketKey) {
    long now = clock.millis() * 1_000_000L;
    Buckets pair = buckets.get(bucketKey, k -> {
      Buckets fresh = new Buckets();
      perMinute.ifPresent(rate -> fill(fresh.minute, rate, now));
      perHour.ifPresent(rate -> fill(fresh.hour, rate, now));
      return fresh;
    });
    synchronized (pair) {
      boolean minuteOk = perMinute.map(rate -> refill(pair.minute, rate, now) >= 1).orElse(true);
      boolean hourOk = perHour.map(rate -> refill(pair.hour, rate, now) >= 1).orElse(true);
      if (!minuteOk || !hourOk) {
        return false;
      }
      perMinute.ifPresent(rate -> pair.minute.tokens -= 1);
      perHour.ifPresent(rate -> pair.hour.tokens -= 1);
      return true;
    }
  }

  private static void fill(Bucket bucket, Rate rate, long now) {
    bucket.tokens = rate.capacity();
    bucket.updatedNanos = now;
  }

  private static double refill(Bucket bucket, Rate rate, long now) {
    double perNano = (double) rate.capacity() / rate.period().toNanos();
    bucket.tokens = Math.min(rate.capacity(), bucket.tokens + (now - bucket.updatedNanos) * perNano);
    bucket.updatedNanos = now;
    return bucket.tokens;
  }
}
