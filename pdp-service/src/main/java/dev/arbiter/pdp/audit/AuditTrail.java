package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditNote;
import dev.arbiter.audit.AuditTable;
import dev.arbiter.audit.ChainHead;
import dev.arbiter.audit.RecordKind;
import dev.arbiter.pdp.store.SchemaMigrations;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.JsonValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Records every decision, masked and hash-chained, without making the decision wait for a disk or
 * a database: {@link #record} queues it and {@link AuditWriter}'s thread writes it in a batch.
 * Grant and blocklist changes, incident steps and security events go into the same chain through
 * {@link #note}, which never waits.
 *
 * <p>When the queue is full, {@code arbiter.audit.overflow} decides: {@code backpressure} holds
 * the answer until the record has room; {@code drop} drops the record, counts it in {@code
 * arbiter_audit_dropped_total} and logs a security event. With {@code
 * arbiter.audit.durability=sync} an answer leaves only once its record is persisted, and a record
 * that cannot be (dropped, or the sink failing) turns the answer into a 503: fail closed.
 */
@Singleton
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** The caller of a note about what the service did by itself: an expiry, an event it raised. */
  public static final String SERVICE = "arbiter";

  /** Notes written before the trail started, kept until then; at most this many. */
  private static final int EARLY_NOTES = 1000;

  private final AuditConfig config;
  private final MeterRegistry registry;
  private final boolean database;
  private final Instance<SchemaMigrations> migrations;
  private final Instance<Mutiny.SessionFactory> sessions;
  private final Event<AuditOverflow> overflows;
  private final Clock clock = Clock.systemUTC();
  private final String notePrefix = randomPrefix();
  private final AtomicLong notes = new AtomicLong();
  private final List<Early> early = new ArrayList<>();
  private volatile AuditWriter writer;
  private volatile Masking masking;
  private boolean startedUp;

  /** A note that came before the trail started, written once it has. */
  private record Early(RecordKind kind, String id, Instant time, Function<NoteMasking, NoteContent> content) {}

  /**
   * Records go to the database exactly when the store keeps one ({@code arbiter.store=postgres}
   * makes Hibernate active); only then are the database beans looked up, inactive otherwise.
   */
  AuditTrail(AuditConfig config, MeterRegistry registry,
      @ConfigProperty(name = "quarkus.hibernate-orm.active", defaultValue = "false") boolean database,
      Instance<SchemaMigrations> migrations, Instance<Mutiny.SessionFactory> sessions, Event<AuditOverflow> overflows) {
    this.config = config;
    this.overflows = overflows;
    this.registry = registry;
    this.database = database;
    this.migrations = migrations;
    this.sessions = sessions;
  }

  void start(@Observes StartupEvent event) throws Exception {
    if (!config.enabled()) {
      LOG.info("the audit trail is off (arbiter.audit.enabled=false)");
      synchronized (early) {
        startedUp = true;
        early.clear();
      }
      return;
    }
    Masking masking = Masking.of(config.sensitive().orElse(List.of()), config.redacted().orElse(List.of()),
        config.maskingKey());
    if (masking.hashesWithGeneratedKey()) {
      LOG.warn("arbiter.audit.masking-key is not set: sensitive values are hashed with a key drawn at start, so"
          + " their hashes cannot be compared across restarts");
    }
    AuditWriter started = new AuditWriter(sink(), masking, config.queueSize(),
        config.batchSize(), config.overflow(), config.durability(), registry, AuditWriter.SHUTDOWN_GRACE,
        dropped -> overflows.fire(new AuditOverflow(dropped, config.queueSize())));
    started.start();
    this.masking = masking;
    synchronized (early) {
      early.forEach(note -> write(started, masking, note));
      early.clear();
      startedUp = true;
      writer = started;
    }
    LOG.infof("audit trail: %s, from record %d on (overflow %s, durability %s)", started.describe(),
        started.head().seq() + 1, config.overflow().name().toLowerCase(), config.durability().name().toLowerCase());
  }

  /** The database's table with the PostgreSQL store, the file otherwise. */
  private AuditSink sink() throws IOException {
    if (!database) {
      return FileAuditSink.open(config.file());
    }
    migrations.get().migrate();
    return PostgresAuditSink.open(sessions.get(), "table " + AuditTable.RECORDS);
  }

  void stop(@Observes ShutdownEvent event) throws Exception {
    if (writer != null) {
      writer.close();
    }
  }

  /** Whether decisions are recorded. */
  public boolean enabled() {
    return writer != null;
  }

  /** The last persisted record, when the trail is on. */
  public Optional<ChainHead> head() {
    AuditWriter current = writer;
    return current != null ? Optional.of(current.head()) : Optional.empty();
  }

  /** Queues a decision's record; see {@link AuditWriter#record}. Complete at once when the trail is off. */
  public CompletionStage<Void> record(AuditedDecision decision) {
    AuditWriter current = writer;
    return current != null ? current.record(decision) : DONE;
  }

  /**
   * Records a note of another kind than a decision, masked by {@code content} through the trail's
   * {@link NoteMasking}. Returns at once and never fails: a note that cannot be recorded is counted
   * and logged as dropped, as a decision's record would be. Notes that come before the trail has
   * started (the first bundle activation's event) wait for it. Does nothing when the trail is off.
   */
  public void note(RecordKind kind, Function<NoteMasking, NoteContent> content) {
    Early note = new Early(kind, notePrefix + Long.toHexString(notes.incrementAndGet()), clock.instant(), content);
    AuditWriter current = writer;
    if (current != null) {
      write(current, masking, note);
      return;
    }
    synchronized (early) {
      if (writer != null) {
        write(writer, masking, note);
      } else if (!startedUp && early.size() < EARLY_NOTES) {
        early.add(note);
      } else if (!startedUp) {
        AuditWriter.SECURITY.errorf("SECURITY: %s %s came before the audit trail started, with %d others waiting,"
            + " and is not recorded", kind.code(), note.id(), EARLY_NOTES);
      }
    }
  }

  private static void write(AuditWriter writer, Masking masking, Early early) {
    AuditNote note;
    try {
      Masking.Note values = masking.note();
      NoteContent content = early.content().apply(values);
      note = new AuditNote(early.kind(), early.id(), early.time(), content.caller(), content.action(),
          content.subject(), content.resource(), (JsonObject) JsonValues.toJson(content.details()), values.masked());
    } catch (RuntimeException e) {
      // A bug in a note must not reach whoever wrote it (a grant, a revocation): it is lost, and said so.
      AuditWriter.SECURITY.errorf(e, "SECURITY: the audit record of %s %s could not be made and is lost",
          early.kind().code(), early.id());
      return;
    }
    writer.note(note);
  }

  private static String randomPrefix() {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random) + "-";
  }

  AuditQuery.Page query(AuditQuery query) throws Exception {
    return writer.query(query);
  }
}
