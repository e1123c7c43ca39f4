package dev.arbiter.pep;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The PDP's answers by request, for as long as they may be reused, and the PDP's current policy
 * revision as far as the client knows it.
 *
 * <p>The key is the {@link AccessRequest} itself: its components are canonical and immutable, so
 * equal requests are equal keys. An answer is <b>fresh</b> until its time to live (capped by {@link
 * CachePolicy#maxTtl()}) runs out; a permit is then kept for the grace horizon (the longest grace
 * period any call asked for) in case the PDP becomes unreachable. Only answers of the current
 * revision are served: a new revision, announced by the revision stream or, while the stream is
 * down, seen in an answer, empties the cache, and every entry is checked against the current
 * revision as it is read, which covers an answer that was stored while the revision changed.
 *
 * <p>The stream also announces the PDP's <b>grants epoch</b>, which moves whenever a task grant is
 * issued, revoked or expires: a permit may rest on a grant that is gone, so a new epoch empties the
 * cache just as a new revision does. Answers carry no epoch, so the cache counts the new epochs in
 * a <em>generation</em>: a caller notes the generation before it asks the PDP ({@link
 * #generation()}) and hands it to {@link #put}, and an answer to a question asked before the last
 * new epoch is not kept, nor an entry of an older generation served.
 *
 * <p>Thread-safe.
 */
final class DecisionCache {
  private record Entry(PdpResponse response, long generation, long freshUntil, long keptUntil) {}

  private final Cache<AccessRequest, Entry> entries;
  private final boolean enabled;
  private final long maxTtlNanos;
  private final LongSupplier nanoTime;
  private final Consumer<String> revisionListener;
  private final AtomicLong graceHorizon;
  private volatile String revision;
  private volatile boolean streaming;
  /** New grants epochs announced by the stream: entries of older generations are stale. */
  private volatile long generation;
  /** The last grants epoch the stream announced; null before the first announcement. */
  private volatile Long grantsEpoch;

  /**
   * @param revisionListener told of every revision other than the last known one
   */
  DecisionCache(CachePolicy policy, Duration gracePeriod, LongSupplier nanoTime, Consumer<String> revisionListener) {
    this.enabled = policy.enabled();
    this.maxTtlNanos = policy.maxTtl().toNanos();
    this.nanoTime = nanoTime;
    this.revisionListener = revisionListener;
    this.graceHorizon = new AtomicLong(gracePeriod.toNanos());
    this.entries = Caffeine.newBuilder()
        .maximumSize(policy.maximumSize())
        .ticker(nanoTime::getAsLong)
        .expireAfter(new Expiry<AccessRequest, Entry>() {
          @Override
          public long expireAfterCreate(AccessRequest key, Entry entry, long now) {
            return Math.max(0, entry.keptUntil() - now);
          }

          @Override
          public long expireAfterUpdate(AccessRequest key, Entry entry, long now, long current) {
            return expireAfterCreate(key, entry, now);
          }

          @Override
          public long expireAfterRead(AccessRequest key, Entry entry, long now, long current) {
            return current;
          }
        })
        .build();
  }

  /** The fresh answer to {@code request} of the current revision, or null. */
  PdpResponse fresh(AccessRequest request) {
    Entry entry = entries.getIfPresent(request);
    if (entry == null || !current(entry) || nanoTime.getAsLong() - entry.freshUntil() >= 0) {
      return null;
    }
    return entry.response();
  }

  /**
   * A permit for {@code request} of the current revision, past its time to live by less than
   * {@code gracePeriodNanos}: what a failed call may fall back on.
   */
  Optional<PdpResponse> gracePermit(AccessRequest request, long gracePeriodNanos) {
    Entry entry = entries.getIfPresent(request);
    if (entry == null || !current(entry) || !entry.response().permitted()
        || nanoTime.getAsLong() - (entry.freshUntil() + gracePeriodNanos) >= 0) {
      return Optional.empty();
    }
    return Optional.of(entry.response());
  }

  /** Keeps permits long enough for a grace period of {@code gracePeriodNanos}, from now on. */
  void extendGraceHorizon(long gracePeriodNanos) {
    graceHorizon.accumulateAndGet(gracePeriodNanos, Math::max);
  }

  /** The count of new grants epochs the stream announced so far: note it before asking the PDP, for {@link #put}. */
  long generation() {
    return generation;
  }

  /**
   * Stores the PDP's answer to {@code request}, if it may be reused: a positive time to live, the
   * current revision (an answer of another revision first tells the cache of that revision,
   * unless the revision stream is the authority), and no new grants epoch announced since the
   * question was asked ({@code askedIn}, the {@link #generation()} noted before asking).
   */
  void put(AccessRequest request, PdpResponse response, long askedIn) {
    if (!streaming) {
      revisionSeen(response.revision());
    }
    long ttl = Math.min(response.ttl().toNanos(), maxTtlNanos);
    // A cache of size 0 would still hold an entry until its asynchronous eviction: store nothing.
    if (!enabled || ttl <= 0 || !response.revision().equals(revision) || askedIn != generation) {
      return;
    }
    long now = nanoTime.getAsLong();
    long kept = response.permitted() ? ttl + graceHorizon.get() : ttl;
    // A change announced while the entry goes in leaves it of an older generation, never served.
    entries.put(request, new Entry(response, askedIn, now + ttl, now + kept));
  }

  /**
   * The revision stream announced the active revision and the grants epoch; a change of either
   * empties the cache. A new epoch also starts a new generation, since answers do not say which
   * epoch they were decided in (they do say their revision, which {@link #put} checks). The first
   * epoch a client hears is taken as it is: answers stored before the stream's first message are a
   * connection's time old.
   */
  void revisionAnnounced(String announced, long announcedEpoch) {
    streaming = true;
    Long previousEpoch = grantsEpoch;
    grantsEpoch = announcedEpoch;
    if (previousEpoch != null && previousEpoch != announcedEpoch) {
      synchronized (this) {
        generation++;
        entries.invalidateAll();
      }
    }
    revisionSeen(announced);
  }

  /** The revision stream is down: answers may tell of new revisions again. */
  void streamLost() {
    streaming = false;
  }

  /** The current revision, if known. */
  Optional<String> revision() {
    return Optional.ofNullable(revision);
  }

  /** Drops everything (the client is closing). */
  void clear() {
    entries.invalidateAll();
  }

  private void revisionSeen(String seen) {
    if (seen.equals(revision)) {
      return;
    }
    synchronized (this) {
      if (seen.equals(revision)) {
        return;
      }
      revision = seen;
      entries.invalidateAll();
    }
    revisionListener.accept(seen);
  }

  private boolean current(Entry entry) {
    return entry.generation() == generation && entry.response().revision().equals(revision);
  }
}
