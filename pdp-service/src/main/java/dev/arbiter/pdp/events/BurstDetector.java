package dev.arbiter.pdp.events;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Tells when one key (a subject, an address) has had {@code threshold} occurrences within a sliding
 * window. It fires when the threshold is reached; a burst that goes on fires again at most once a
 * window, so a flood is a few events, not one per request. Memory is bounded: keys nobody
 * saw for a window are forgotten, and at most {@code maximumKeys} are tracked.
 */
public final class BurstDetector {
  private final int threshold;
  private final long windowMillis;
  private final Clock clock;
  private final Cache<String, Occurrences> keys;

  private static final class Occurrences {
    final ArrayDeque<Long> times = new ArrayDeque<>();
    boolean reported;
  }

  public BurstDetector(int threshold, Duration window, long maximumKeys, Clock clock) {
    if (threshold < 1) {
      throw new IllegalArgumentException("a burst needs a threshold of at least 1, found " + threshold);
    }
    this.threshold = threshold;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.keys = Caffeine.newBuilder().maximumSize(maximumKeys).expireAfterAccess(window).build();
  }

  /** Records one occurrence; true when this one makes the key a burst. */
  public boolean record(String key) {
    long now = clock.millis();
    Occurrences occurrences = keys.get(key, k -> new Occurrences());
    synchronized (occurrences) {
      while (!occurrences.times.isEmpty() && occurrences.times.peekFirst() <= now - windowMillis) {
        occurrences.times.pollFirst();
      }
      if (occurrences.times.size() < threshold) {
        occurrences.times.addLast(now);
      }
      if (occurrences.times.size() < threshold) {
        occurrences.reported = false;
        return false;
      }
      if (occurrences.reported) {
        return false;
      }
      occurrences.reported = true;
      return true;
    }
  }
}
