package dev.arbiter.pdp.bundle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every {@link BundleStore} keeps, whatever its source: the revision it serves, its status, the
 * count of refused changes ({@code arbiter_reload_failures_total}), and the announcement of each new
 * revision. Thread-safe.
 */
public abstract class ServingStore implements BundleStore {
  private final AtomicReference<ActiveRevision> active = new AtomicReference<>();
  private final BroadcastProcessor<ActiveRevision> announcements = BroadcastProcessor.create();
  private final AtomicReference<StoreStatus> status;
  private final Counter reloadFailures;

  /** @param source where revisions come from, as the status shows it */
  protected ServingStore(String source, MeterRegistry registry) {
    this.status = new AtomicReference<>(new StoreStatus(source, Optional.empty(), Optional.empty(), List.of(), 0));
    this.reloadFailures = Counter.builder("arbiter.reload.failures")
        .description("Bundle changes refused because they did not compile").register(registry);
  }

  @Override
  public final Optional<ActiveRevision> active() {
    return Optional.ofNullable(active.get());
  }

  @Override
  public final StoreStatus status() {
    return status.get();
  }

  @Override
  public final Multi<ActiveRevision> revisions() {
    // Announcements are subscribed before the current revision is read, so none falls in between;
    // a revision seen both ways is told once. A slow watcher only ever needs the newest revision.
    return Multi.createBy().merging().streams(
            announcements.onOverflow().dropPreviousItems(),
            Multi.createFrom().optional(this::active))
        .skip().repetitions();
  }

  /** Makes {@code next} the revision that decides, at once for every new request, and announces it. */
  protected final void serve(ActiveRevision next, Instant at) {
    status.set(new StoreStatus(status.get().source(), Optional.of(next), Optional.of(at), List.of(),
        (long) reloadFailures.count()));
    active.set(next);
    announcements.onNext(next);
  }

  /** Records a refused change; the revision served stays. */
  protected final void refuse(Instant at, List<String> problems) {
    reloadFailures.increment();
    status.set(new StoreStatus(status.get().source(), active(), Optional.of(at), problems,
        (long) reloadFailures.count()));
  }

  /** Ends every subscriber's stream: the store is shutting down. */
  protected final void close() {
    announcements.onComplete();
  }
}
