package dev.arbiter.pep;

import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.pdp.api.v1.Revision;
import dev.arbiter.pdp.api.v1.WatchRevisionsRequest;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;

/**
 * Follows the PDP's {@code WatchRevisions} stream: tells the cache of each announcement (the active
 * revision and the grants epoch, re-announced whenever a task grant changes), and
 * when the stream ends or fails (the PDP restarted, the network broke), tells the cache it is on its
 * own and subscribes again after a jittered, growing backoff. The backoff starts over once a
 * revision arrives. Thread-safe.
 */
final class RevisionWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RevisionWatcher.class.getName());

  private final GrpcTransport transport;
  private final PdpGrpc.PdpStub stub;
  private final ScheduledExecutorService scheduler;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final ObjLongConsumer<String> onRevision;
  private final Runnable onLost;
  private int failures;
  private ClientCallStreamObserver<WatchRevisionsRequest> call;
  private boolean closed;

  RevisionWatcher(GrpcTransport transport, ScheduledExecutorService scheduler, Duration initialBackoff,
      Duration maxBackoff, ObjLongConsumer<String> onRevision, Runnable onLost) {
    this.transport = transport;
    this.stub = PdpGrpc.newStub(transport.channel());
    this.scheduler = scheduler;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.onRevision = onRevision;
    this.onLost = onLost;
  }

  /** Subscribes (again); runs at start and on the scheduler after a backoff. */
  synchronized void subscribe() {
    if (closed) {
      return;
    }
    try {
      transport.prepared(stub, 0).watchRevisions(WatchRevisionsRequest.getDefaultInstance(), new Observer());
    } catch (CallFailure e) {
      LOG.log(Level.WARNING, () -> "cannot follow the PDP's revisions: " + e.getMessage());
      resubscribeLater();
    }
  }

  private synchronized void started(ClientCallStreamObserver<WatchRevisionsRequest> started) {
    call = started;
  }

  private synchronized void received(Revision revision) {
    failures = 0;
    if (!closed) {
      onRevision.accept(revision.getRevision(), revision.getGrantsEpoch());
    }
  }

  private synchronized void ended(String why) {
    call = null;
    if (closed) {
      return;
    }
    onLost.run();
    LOG.log(failures == 0 ? Level.INFO : Level.DEBUG,
        () -> "the PDP's revision stream ended (" + why + "); reconnecting");
    resubscribeLater();
  }

  private void resubscribeLater() {
    long delay = Backoff.delayNanos(++failures, initialBackoff, maxBackoff);
    scheduler.schedule(this::subscribe, delay, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (call != null) {
      call.cancel("the client is closing", null);
    }
  }

  private final class Observer implements ClientResponseObserver<WatchRevisionsRequest, Revision> {
    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRevisionsRequest> requestStream) {
      started(requestStream);
    }

    @Override
    public void onNext(Revision revision) {
      received(revision);
    }

    @Override
    public void onError(Throwable error) {
      ended(error.toString());
    }

    @Override
    public void onCompleted() {
      ended("the PDP closed it");
    }
  }
}
