package dev.arbiter.pdp.audit;

import dev.arbiter.audit.AuditTable;
import dev.arbiter.audit.ChainHead;
import dev.arbiter.pdp.store.SchemaMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Records every decision, masked and hash-chained, without making the decision wait for a disk or
 * a database: {@link #record} queues it and {@link AuditWriter}'s thread writes it in a batch.
 *
 * <p>When the queue is full, {@code arbiter.audit.overflow} decides: {@code backpressure} holds
 * the answer until the record has room; {@code drop} drops the record, counts it in {@code
 * arbiter_audit_dropped_total} and logs a security event. With {@code
 * arbiter.audit.durability=sync} an answer leaves only once its record is persisted, and a record
 * that cannot be (dropped, or the sink failing) turns the answer into a 503: fail closed.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final AuditConfig config;
  private final MeterRegistry registry;
  private final boolean database;
  private final Instance<SchemaMigrations> migrations;
  private final Instance<Mutiny.SessionFactory> sessions;
  private volatile AuditWriter writer;

  /**
   * Records go to the database exactly when the store keeps one ({@code arbiter.store=postgres}
   * makes Hibernate active); only then are the database beans looked up, inactive otherwise.
   */
  AuditTrail(AuditConfig config, MeterRegistry registry,
      @ConfigProperty(name = "quarkus.hibernate-orm.active", defaultValue = "false") boolean database,
      Instance<SchemaMigrations> migrations, Instance<Mutiny.SessionFactory> sessions) {
    this.config = config;
    this.registry = registry;
    this.database = database;
    this.migrations = migrations;
    this.sessions = sessions;
  }

  void start(@Observes StartupEvent event) throws Exception {
    if (!config.enabled()) {
      LOG.info("the audit trail is off (arbiter.audit.enabled=false)");
      return;
    }
    Masking masking = Masking.of(config.sensitive().orElse(List.of()), config.redacted().orElse(List.of()),
        config.maskingKey());
    if (masking.hashesWithGeneratedKey()) {
      LOG.warn("arbiter.audit.masking-key is not set: sensitive values are hashed with a key drawn at start, so"
          + " their hashes cannot be compared across restarts");
    }
    AuditWriter started = new AuditWriter(sink(), masking, config.queueSize(),
        config.batchSize(), config.overflow(), config.durability(), registry, AuditWriter.SHUTDOWN_GRACE);
    started.start();
    writer = started;
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

  AuditQuery.Page query(AuditQuery query) throws Exception {
    return writer.query(query);
  }
}
