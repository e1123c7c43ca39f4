package dev.arbiter.pdp.store;

import dev.arbiter.pdp.bundle.ActiveRevision;
import dev.arbiter.pdp.bundle.ServingStore;
import dev.arbiter.policy.bundle.BundleLoader;
import dev.arbiter.policy.bundle.BundleSource;
import dev.arbiter.policy.cache.BundleCache;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.SourceText;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * {@code arbiter.store=postgres}: revisions, their files and the active pointer in PostgreSQL,
 * shared by every replica. Each replica serves the revision the pointer names: it learns of a change
 * through {@code LISTEN arbiter_revision} (the activating transaction sends {@code NOTIFY} on commit)
 * and, in case a notification is lost, by reading the pointer every {@code arbiter.store.reconcile}.
 *
 * <p>On an empty database the first replica to start seeds revision 1 from {@code
 * arbiter.policies.dir}, if that directory holds a bundle without errors, and activates it.
 */
@Singleton
@Typed(PostgresBundleStore.class)
public class PostgresBundleStore extends ServingStore implements RevisionStore {
  /** The channel activations are announced on; the payload is the activation's id, for logs only. */
  static final String CHANNEL = "arbiter_revision";

  private static final Logger LOG = Logger.getLogger(PostgresBundleStore.class);
  private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(30);
  /** Serializes changes of the active pointer across replicas (a transaction-scoped advisory lock). */
  private static final long ACTIVATION_LOCK = 0x617262697465722AL;
  private static final String SEED_AUTHOR = "arbiter";

  private final SchemaMigrations migrations;
  private final Mutiny.SessionFactory sessions;
  private final Vertx vertx;
  private final String url;
  private final Optional<String> user;
  private final Optional<String> password;
  private final Duration reconcile;
  private final Path seedDirectory;
  private final boolean seed;
  private final Clock clock = Clock.systemUTC();
  private final BundleCache compiler = new BundleCache(8);
  private final Object syncing = new Object();
  private volatile Current current;
  /** An activation this replica could not serve: refused once, not again at every reconcile. */
  private long refusedActivation = -1;
  private ScheduledExecutorService sync;
  private PgSubscriber subscriber;

  /** The activation this replica serves. */
  private record Current(long activation, long revision) {}

  PostgresBundleStore(
      SchemaMigrations migrations,
      Instance<Mutiny.SessionFactory> sessions,
      Vertx vertx,
      MeterRegistry registry,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
      @ConfigProperty(name = "arbiter.store.reconcile", defaultValue = "PT5S") Duration reconcile,
      @ConfigProperty(name = "arbiter.store.seed", defaultValue = "true") boolean seed,
      @ConfigProperty(name = "arbiter.policies.dir", defaultValue = "policies") Path seedDirectory) {
    super(url.map(PostgresBundleStore::withoutPrefix).map(PostgresBundleStore::displayUrl).orElse("postgresql"),
        registry);
    this.migrations = migrations;
    this.sessions = sessions.get();
    this.vertx = vertx;
    this.url = url.map(PostgresBundleStore::withoutPrefix).orElseThrow(() -> new IllegalStateException(
        "arbiter.store=postgres needs quarkus.datasource.reactive.url (QUARKUS_DATASOURCE_REACTIVE_URL),"
            + " e.g. postgresql://db.example.com:5432/arbiter"));
    this.user = user;
    this.password = password;
    this.reconcile = reconcile;
    this.seed = seed;
    this.seedDirectory = seedDirectory.toAbsolutePath().normalize();
  }

  @PostConstruct
  void start() {
    migrations.migrate();
    if (seed) {
      seedIfEmpty();
    }
    sync = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "arbiter-store-sync");
      thread.setDaemon(true);
      return thread;
    });
    syncNow();
    listen();
    sync.scheduleWithFixedDelay(this::syncNow, reconcile.toMillis(), reconcile.toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (sync != null) {
      sync.shutdownNow();
    }
    if (subscriber != null) {
      subscriber.closeAndForget();
    }
    close();
  }

  @Override
  public Optional<Long> activeNumber() {
    Current serving = current;
    return serving == null ? Optional.empty() : Optional.of(serving.revision());
  }

  // ---- RevisionStore: what the admin API changes

  @Override
  public Upload upload(BundleFiles files, String author, Optional<String> message) {
    return switch (compiler.compile(files.source())) {
      case BundleCache.Failed failed -> new Invalid(failed.result().errors());
      case BundleCache.Compiled compiled -> {
        String hash = files.contentHash();
        Optional<RevisionRow> existing = inTransaction(session -> byHash(session, hash));
        if (existing.isPresent()) {
          yield new Stored(existing.get().info(), false, compiled.warnings());
        }
        RevisionRow row = newRevision(files, compiled.bundle(), author, message);
        try {
          inTransaction(session -> session.persist(row).chain(session::flush).chain(() -> session.persistAll(
              files.files().entrySet().stream().map(file -> fileRow(row.number, file)).toArray())));
          yield new Stored(row.info(), true, compiled.warnings());
        } catch (RuntimeException e) {
          // The same files uploaded at the same moment elsewhere: theirs won, and it is the same revision.
          Optional<RevisionRow> raced = inTransaction(session -> byHash(session, hash));
          if (raced.isEmpty()) {
            throw e;
          }
          yield new Stored(raced.get().info(), false, compiled.warnings());
        }
      }
    };
  }

  @Override
  public List<RevisionInfo> list() {
    return inTransaction(session -> session.createSelectionQuery("from RevisionRow order by number desc",
            RevisionRow.class).getResultList())
        .stream().map(RevisionRow::info).toList();
  }

  @Override
  public Optional<StoredRevision> revision(long number) {
    record Loaded(RevisionRow row, List<FileRow> files) {}
    Optional<Loaded> loaded = inTransaction(session -> session.find(RevisionRow.class, number)
        .chain(row -> row == null ? Uni.createFrom().item(Optional.<Loaded>empty())
            : session.createSelectionQuery("from FileRow where revision = :revision", FileRow.class)
                .setParameter("revision", number).getResultList()
                .map(files -> Optional.of(new Loaded(row, files)))));
    return loaded.map(found -> {
      SortedMap<String, String> files = new TreeMap<>();
      found.files().forEach(file -> files.put(file.path, file.content));
      Optional<CompiledBundle> bundle = switch (compiler.compile(new BundleFiles(files).source())) {
        case BundleCache.Compiled compiled -> Optional.of(compiled.bundle());
        case BundleCache.Failed failed -> Optional.empty();
      };
      return new StoredRevision(found.row().info(), files, bundle);
    });
  }

  @Override
  public Activation activate(long number, String by) {
    Optional<StoredRevision> revision = revision(number);
    if (revision.isEmpty()) {
      return new UnknownRevision(number);
    }
    if (revision.get().bundle().isEmpty()) {
      BundleCache.Compilation again = compiler.compile(new BundleFiles(revision.get().files()).source());
      return new Uncompilable(number, again instanceof BundleCache.Failed failed ? failed.result().errors() : List.of());
    }
    Instant at = clock.instant();
    inTransaction(session -> lockActivations(session)
        .chain(() -> session.find(ActivePointerRow.class, ActivePointerRow.ID))
        .chain(pointer -> point(session, pointer, activation(number, pointer == null ? null : pointer.activation,
            "activate", by, at))));
    syncNow();
    return new Activated(revision.get().info(), at);
  }

  @Override
  public Activation rollback(String by) {
    Instant at = clock.instant();
    Optional<Long> restored = inTransaction(session -> lockActivations(session)
        .chain(() -> session.find(ActivePointerRow.class, ActivePointerRow.ID))
        .chain(pointer -> pointer == null ? Uni.createFrom().nullItem()
            : session.find(ActivationRow.class, pointer.activation)
                .chain(now -> now.previousActivation == null ? Uni.createFrom().nullItem()
                    : session.find(ActivationRow.class, now.previousActivation))
                .chain(before -> before == null ? Uni.createFrom().item(Optional.<Long>empty())
                    : point(session, pointer, activation(before.revision, before.previousActivation, "rollback",
                        by, at)).replaceWith(Optional.of(before.revision))))
        .map(result -> result == null ? Optional.<Long>empty() : result));
    if (restored.isEmpty()) {
      return new NothingToRollBack();
    }
    syncNow();
    return new Activated(inTransaction(session -> session.find(RevisionRow.class, restored.get())).info(), at);
  }

  // ---- keeping this replica in step with the pointer

  /** Serves the revision the pointer names, if this replica does not already. Never throws. */
  private void syncNow() {
    synchronized (syncing) {
      try {
        Optional<Object[]> pointed = inTransaction(session -> session.createSelectionQuery(
                "select a.id, a.revision, a.activatedAt from ActivePointerRow p, ActivationRow a"
                    + " where a.id = p.activation", Object[].class)
            .getResultList().map(rows -> rows.stream().findFirst()));
        if (pointed.isEmpty()) {
          return;
        }
        long activation = (Long) pointed.get()[0];
        long number = (Long) pointed.get()[1];
        Instant activatedAt = (Instant) pointed.get()[2];
        Current serving = current;
        if (serving != null && serving.activation() == activation || activation == refusedActivation) {
          return;
        }
        Optional<StoredRevision> revision = revision(number);
        Instant now = clock.instant();
        if (revision.isEmpty() || revision.get().bundle().isEmpty()) {
          refusedActivation = activation;
          refused(now, List.of("revision " + number + " is active but this service cannot compile it; revision "
              + (serving == null ? "none" : serving.revision()) + " stays active here"));
          return;
        }
        ActiveRevision next = new ActiveRevision(revision.get().bundle().get(), activatedAt);
        current = new Current(activation, number);
        serve(next, now);
        LOG.infof("serving bundle %s revision %d (%s), activated %s", next.bundle().name(), number, next.revision(),
            activatedAt);
      } catch (RuntimeException e) {
        LOG.warnf("cannot read the active revision from the database (%s); retrying in %s", e.getMessage(), reconcile);
      }
    }
  }

  private void refused(Instant now, List<String> problems) {
    refuse(now, problems);
    LOG.error(String.join("\n", problems));
  }

  /** Listens for activations; on (re)connecting, reads the pointer, since notifications may have been missed. */
  private void listen() {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    user.ifPresent(options::setUser);
    password.ifPresent(options::setPassword);
    subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> reconcile.toMillis());
    subscriber.channel(CHANNEL)
        .handler(payload -> sync.execute(this::syncNow))
        .subscribeHandler(() -> sync.execute(this::syncNow));
    subscriber.connect().subscribe().with(
        connected -> LOG.debugf("listening on %s", CHANNEL),
        failure -> LOG.warnf("cannot listen for activations (%s); reading the pointer every %s", failure.getMessage(),
            reconcile));
  }

  // ---- seeding an empty database

  private void seedIfEmpty() {
    long revisions = inTransaction(session -> session.createSelectionQuery("select count(*) from RevisionRow",
        Long.class).getSingleResult());
    if (revisions > 0) {
      return;
    }
    Optional<BundleFiles> files = seedFiles();
    if (files.isEmpty()) {
      return;
    }
    switch (upload(files.get(), SEED_AUTHOR, Optional.of("seeded from " + seedDirectory))) {
      case Invalid invalid -> LOG.warnf("not seeding the empty database from %s, which has errors:%n%s", seedDirectory,
          String.join("\n", invalid.errors().stream().map(Diagnostic::toString).toList()));
      case Stored stored -> {
        Instant at = clock.instant();
        // Only if no replica activated anything meanwhile.
        boolean seeded = inTransaction(session -> lockActivations(session)
            .chain(() -> session.find(ActivePointerRow.class, ActivePointerRow.ID))
            .chain(pointer -> pointer != null ? Uni.createFrom().item(false)
                : point(session, null, activation(stored.revision().number(), null, "seed", SEED_AUTHOR, at))
                    .replaceWith(true)));
        if (seeded) {
          LOG.infof("seeded the empty database with revision %d from %s", stored.revision().number(), seedDirectory);
        }
      }
    }
  }

  private Optional<BundleFiles> seedFiles() {
    if (!Files.isDirectory(seedDirectory)) {
      LOG.infof("the database holds no revision and %s is no directory: upload one through the admin API",
          seedDirectory);
      return Optional.empty();
    }
    try {
      BundleSource source = BundleLoader.load(seedDirectory);
      Map<String, String> files = new TreeMap<>();
      List<SourceText> all = new java.util.ArrayList<>(source.policies());
      all.addAll(source.tests());
      all.addAll(source.data());
      source.manifest().ifPresent(all::add);
      for (SourceText text : all) {
        files.put(seedDirectory.relativize(Path.of(text.path())).toString().replace('\\', '/'), text.text());
      }
      return switch (BundleFiles.of(files)) {
        case BundleFiles.Valid valid -> Optional.of(valid.files());
        case BundleFiles.Refused refused -> {
          LOG.warnf("not seeding the empty database from %s: %s", seedDirectory, refused.message());
          yield Optional.empty();
        }
      };
    } catch (IOException e) {
      LOG.warnf("not seeding the empty database: cannot read %s (%s)", seedDirectory, e.getMessage());
      return Optional.empty();
    }
  }

  // ---- rows and statements

  private static Uni<Void> lockActivations(Mutiny.Session session) {
    return session.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(" + ACTIVATION_LOCK + ")) AS locked",
        Integer.class).getSingleResult().replaceWithVoid();
  }

  /** Records {@code activation}, points at it, and tells every replica once the transaction commits. */
  private static Uni<Void> point(Mutiny.Session session, ActivePointerRow pointer, ActivationRow activation) {
    return session.persist(activation).chain(session::flush).chain(() -> {
      if (pointer != null) {
        pointer.activation = activation.id;
        return Uni.createFrom().voidItem();
      }
      ActivePointerRow first = new ActivePointerRow();
      first.id = ActivePointerRow.ID;
      first.activation = activation.id;
      return session.persist(first);
    }).chain(session::flush)
        .chain(() -> session.createNativeQuery("NOTIFY " + CHANNEL + ", '" + activation.id + "'").executeUpdate())
        .replaceWithVoid();
  }

  private static ActivationRow activation(long revision, Long previous, String action, String by, Instant at) {
    ActivationRow row = new ActivationRow();
    row.revision = revision;
    row.previousActivation = previous;
    row.action = action;
    row.activatedBy = by;
    row.activatedAt = at;
    return row;
  }

  private static Uni<Optional<RevisionRow>> byHash(Mutiny.Session session, String hash) {
    return session.createSelectionQuery("from RevisionRow where contentHash = :hash", RevisionRow.class)
        .setParameter("hash", hash).getResultList().map(rows -> rows.stream().findFirst());
  }

  private RevisionRow newRevision(BundleFiles files, CompiledBundle bundle, String author, Optional<String> message) {
    RevisionRow row = new RevisionRow();
    row.contentHash = files.contentHash();
    row.bundleName = bundle.name();
    row.author = author;
    row.createdAt = clock.instant();
    row.message = message.orElse(null);
    BundleContents contents = BundleContents.of(bundle);
    row.policyCount = contents.policies();
    row.policySetCount = contents.policySets();
    row.ruleCount = bundle.ruleIds().size();
    row.testCount = bundle.source().tests().size();
    row.dataFileCount = bundle.source().source().data().size();
    row.fileCount = files.files().size();
    return row;
  }

  private static FileRow fileRow(long revision, Map.Entry<String, String> file) {
    FileRow row = new FileRow();
    row.revision = revision;
    row.path = file.getKey();
    row.kind = BundleFiles.kind(file.getKey()).orElseThrow();
    row.content = file.getValue();
    return row;
  }

  /** Runs {@code work} in a transaction on a Vert.x context and waits for it: callers are worker threads. */
  private <T> T inTransaction(Function<Mutiny.Session, Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(session -> work.apply(session))
          .ifNoItem().after(DATABASE_TIMEOUT).fail());
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("database call failed: " + e.getMessage(), e);
    }
  }

  private static String withoutPrefix(String url) {
    String first = url.split(",")[0].trim();
    return first.startsWith("vertx-reactive:") ? first.substring("vertx-reactive:".length()) : first;
  }

  /** The URL without credentials or parameters, for the status page. */
  private static String displayUrl(String url) {
    String noQuery = url.split("\\?", 2)[0];
    int at = noQuery.indexOf('@');
    int scheme = noQuery.indexOf("://");
    return at > 0 && scheme > 0 ? noQuery.substring(0, scheme + 3) + noQuery.substring(at + 1) : noQuery;
  }
}
