package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditNote;
import dev.arbiter.audit.ChainHead;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.audit.AuditConfig.Durability;
import dev.arbiter.pdp.audit.AuditConfig.Overflow;
import dev.arbiter.policy.json.Json.JsonObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * The queue and the one thread that drains it: takes what has queued up (at most a batch) —
 * decisions, and notes of other kinds — masks and encodes the decisions, and appends it all to the
 * sink as one batch, in the order it was queued. A batch the sink fails to persist is
 * kept and retried with a growing pause; meanwhile the queue fills and the overflow policy applies.
 * Thread-safe.
 */
final class AuditWriter implements AutoCloseable {
  /** Security events: records dropped or not written. Route this category to the SIEM. */
  static final Logger SECURITY = Logger.getLogger("dev.arbiter.security.audit");
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Duration IDLE = Duration.ofMillis(200);
  private static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** How long {@link #close} keeps retrying a failing sink before it gives up on what is left. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final AuditSink sink;
  private final Masking masking;
  private final AuditQueue<Pending> queue;
  private final int queueSize;
  private final int batchSize;
  private final Durability durability;
  private final Duration shutdownGrace;
  private final Counter dropped;
  private final Counter written;
  private final Counter failures;
  private final LongConsumer onDrops;
  private final AtomicLong droppedSinceReport = new AtomicLong();
  private volatile long lastDropReport = System.nanoTime() - SUMMARY_EVERY.toNanos();
  private Thread thread;

  AuditWriter(AuditSink sink, Masking masking, int queueSize, int batchSize, Overflow overflow,
      Durability durability, MeterRegistry registry, Duration shutdownGrace, LongConsumer onDrops) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("arbiter.audit.batch-size must be at least 1, found " + batchSize);
    }
    this.sink = sink;
    this.masking = masking;
    this.queue = new AuditQueue<>(queueSize, overflow);
    this.queueSize = queueSize;
    this.batchSize = batchSize;
    this.durability = durability;
    this.shutdownGrace = shutdownGrace;
    this.onDrops = onDrops;
    this.dropped = Counter.builder("arbiter.audit.dropped")
        .description("Audit records dropped because the queue was full (arbiter.audit.overflow=drop)")
        .register(registry);
    this.written = Counter.builder("arbiter.audit.written").description("Audit records persisted")
        .register(registry);
    this.failures = Counter.builder("arbiter.audit.write.failures")
        .description("Audit batches the sink failed to persist, each retried").register(registry);
    Gauge.builder("arbiter.audit.queue", queue, AuditQueue::size)
        .description("Audit records waiting to be written").register(registry);
    Gauge.builder("arbiter.audit.head.seq", sink, s -> s.head().seq())
        .description("The seq of the last persisted audit record").register(registry);
  }

  /** Starts the writer thread; until then records only queue up. */
  synchronized void start() {
    if (thread == null) {
      thread = Thread.ofPlatform().name("arbiter-audit-writer").daemon().start(this::drain);
    }
  }

  /**
   * Queues a decision's record. The answer completes when the caller may send its response: at
   * once, when the record has room (backpressure), or when it is persisted (sync); it fails with
   * {@link AuditUnavailable} when the record was dropped or could not be persisted under sync.
   */
  CompletionStage<Void> record(AuditedDecision decision) {
    Optional<AuditQueue.Entry<Pending>> entry = queue.offer(decision);
    if (entry.isEmpty()) {
      String reason = dropped(decision);
      return durability == Durability.SYNC ? CompletableFuture.failedFuture(new AuditUnavailable(reason)) : DONE;
    }
    return durability == Durability.SYNC ? entry.get().persisted() : entry.get().accepted();
  }

  /**
   * Queues a note, masked already; nobody waits for it. Under backpressure a full queue parks it,
   * except a security event's: those can be caused by anyone who can send a request, so one that
   * finds the queue full is dropped (and counted and reported like any dropped record) rather than
   * parked without bound.
   */
  void note(AuditNote note) {
    Pending.Note pending = new Pending.Note(note);
    if (queue.offer(pending, note.kind() != RecordKind.SECURITY_EVENT).isEmpty()) {
      dropped(pending);
    }
  }

  /** Counts and reports a record the queue refused; the reason it was. */
  private String dropped(Pending record) {
    dropped.increment();
    if (queue.closed()) {
      SECURITY.errorf("SECURITY: %s came while the audit trail was stopping and is not recorded", record.describe());
      return "the audit trail is stopping";
    }
    droppedSinceReport.incrementAndGet();
    reportDrops(false);
    return "the audit queue is full";
  }

  ChainHead head() {
    return sink.head();
  }

  AuditQuery.Page query(AuditQuery query) throws Exception {
    return sink.query(query);
  }

  String describe() {
    return sink.describe();
  }

  /** Writes what is queued (for at most the shutdown grace if the sink keeps failing), then closes the sink. */
  @Override
  public void close() throws Exception {
    queue.close();
    Thread writer;
    synchronized (this) {
      writer = thread;
    }
    if (writer != null) {
      writer.join(shutdownGrace.plusSeconds(5).toMillis());
    }
    reportDrops(true);
    sink.close();
  }

  private void drain() {
    long giveUpAt = Long.MAX_VALUE;
    while (!queue.finished()) {
      List<AuditQueue.Entry<Pending>> batch;
      try {
        batch = queue.take(batchSize, IDLE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      reportDrops(false);
      List<JsonObject> records = new ArrayList<>(batch.size());
      List<AuditQueue.Entry<Pending>> encoded = new ArrayList<>(batch.size());
      for (AuditQueue.Entry<Pending> entry : batch) {
        try {
          records.add(switch (entry.item()) {
            case AuditedDecision decision -> AuditRecords.event(decision, masking).toJson();
            case Pending.Note note -> note.note().toJson();
          });
          encoded.add(entry);
        } catch (RuntimeException e) {
          // A bug must not stop the writer, or every later answer would wait for it.
          SECURITY.errorf(e, "SECURITY: the audit record of %s could not be encoded and is lost",
              entry.item().describe());
          entry.persisted().completeExceptionally(new AuditUnavailable("the record could not be encoded"));
        }
      }
      Duration backoff = FIRST_BACKOFF;
      while (!records.isEmpty()) {
        try {
          sink.append(records);
          written.increment(records.size());
          encoded.forEach(entry -> entry.persisted().complete(null));
          break;
        } catch (Exception e) {
          failures.increment();
          long first = sink.head().seq() + 1;
          SECURITY.errorf("SECURITY: audit records %d to %d could not be written to %s and wait for a retry: %s",
              first, first + records.size() - 1, sink.describe(), e);
          // Answers waiting for these records (sync) fail now; the records themselves are kept and retried.
          encoded.forEach(entry -> entry.persisted().completeExceptionally(
              new AuditUnavailable("the audit trail cannot persist records")));
          if (queue.closed()) {
            giveUpAt = Math.min(giveUpAt, System.nanoTime() + shutdownGrace.toNanos());
            if (System.nanoTime() > giveUpAt) {
              SECURITY.errorf("SECURITY: stopping with %d audit records not written", records.size() + queue.size());
              return;
            }
          }
          pause(backoff);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops are logged as one security event per period, with how many, rather than one line each. */
  private void reportDrops(boolean now) {
    long at = System.nanoTime();
    if (droppedSinceReport.get() == 0 || (!now && at - lastDropReport < SUMMARY_EVERY.toNanos())) {
      return;
    }
    lastDropReport = at;
    long count = droppedSinceReport.getAndSet(0);
    if (count > 0) {
      SECURITY.errorf("SECURITY: %d audit records dropped: the audit queue (arbiter.audit.queue-size=%d) was full"
          + " and arbiter.audit.overflow=drop", count, queueSize);
      onDrops.accept(count);
    }
  }
}
