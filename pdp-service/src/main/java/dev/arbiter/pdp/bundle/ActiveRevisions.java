package dev.arbiter.pdp.bundle;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store's active revision and the announcement of each new one: what every {@link BundleStore}
 * keeps, whatever its source. Thread-safe.
 */
public final class ActiveRevisions {
  private final AtomicReference<ActiveRevision> active = new AtomicReference<>();
  private final BroadcastProcessor<ActiveRevision> announcements = BroadcastProcessor.create();

  public Optional<ActiveRevision> current() {
    return Optional.ofNullable(active.get());
  }

  /** Makes {@code next} the revision that decides, at once for every new request, and announces it. */
  public void activate(ActiveRevision next) {
    active.set(next);
    announcements.onNext(next);
  }

  /** See {@link BundleStore#revisions()}. */
  public Multi<ActiveRevision> revisions() {
    // Announcements are subscribed before the current revision is read, so none falls in between;
    // a revision seen both ways is told once. A slow watcher only ever needs the newest revision.
    return Multi.createBy().merging().streams(
            announcements.onOverflow().dropPreviousItems(),
            Multi.createFrom().optional(this::current))
        .skip().repetitions();
  }

  /** Ends every subscriber's stream: the store is shutting down. */
  public void close() {
    announcements.onComplete();
  }
}
