package dev.arbiter.pdp.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Brings the database schema up to date with the ordered scripts under {@code db/migration}, each
 * applied once, in its own transaction, and recorded in {@code arbiter_schema_version} with a
 * checksum. Replicas that start together take turns through a PostgreSQL advisory lock: the first
 * applies what is missing, the others then find nothing to do. A script changed after it was applied
 * stops the service rather than leave the schema in doubt.
 */
@Singleton
public class SchemaMigrations {
  /**
   * Every migration, in the order applied. A new script is added at the end, never edited once
   * released; {@code SchemaMigrationsTest} checks this list against the directory.
   */
  public static final List<String> MIGRATIONS = List.of("V1__bundle_store.sql", "V2__audit_trail.sql",
      "V3__audit_record_kinds.sql");

  private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);
  /** Any fixed number; all replicas must agree on it. ("arbiter" in ASCII.) */
  private static final long LOCK = 0x617262697465726CL;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Instance<Pool> pool;
  private volatile boolean done;

  /** The pool is looked up when used: with the file store the datasource is inactive, and must stay unasked. */
  SchemaMigrations(Instance<Pool> pool) {
    this.pool = pool;
  }

  /**
   * Applies what is missing; returns at once after the first success in this process. Whoever needs
   * the tables (the PostgreSQL store, the audit trail) calls this first.
   *
   * @throws IllegalStateException if a migration fails, an applied one was changed, or the database
   *     is newer than this service
   */
  public synchronized void migrate() {
    if (done) {
      return;
    }
    int applied = applyMissing();
    LOG.infof("database schema is at version %d (%d migration%s applied now)", MIGRATIONS.size(), applied,
        applied == 1 ? "" : "s");
    done = true;
  }

  /** One pass under the lock: how many migrations it applied. */
  int applyMissing() {
    List<Script> scripts = MIGRATIONS.stream().map(Script::load).toList();
    for (int i = 0; i < scripts.size(); i++) {
      if (scripts.get(i).version() != i + 1) {
        throw new IllegalStateException("migration " + scripts.get(i).name() + " is listed as number " + (i + 1));
      }
    }
    return pool.get().withConnection(connection -> connection.query("SELECT pg_advisory_lock(" + LOCK + ")")
            .execute()
            .chain(() -> applyMissing(connection, scripts))
            .eventually(() -> connection.query("SELECT pg_advisory_unlock(" + LOCK + ")").execute()))
        .await().atMost(TIMEOUT);
  }

  private static Uni<Integer> applyMissing(SqlConnection connection, List<Script> scripts) {
    // Created only when missing (to_regclass is null), so PostgreSQL has no "already exists" notice to log.
    return connection.query("SELECT to_regclass('arbiter_schema_version') IS NULL AS missing").execute()
        .chain(rows -> !rows.iterator().next().getBoolean("missing") ? Uni.createFrom().voidItem()
            : connection.query("""
                CREATE TABLE arbiter_schema_version (
                    version    integer     PRIMARY KEY,
                    script     text        NOT NULL,
                    checksum   char(64)    NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())""").execute().replaceWithVoid())
        .chain(() -> connection.query("SELECT version, script, checksum FROM arbiter_schema_version").execute())
        .chain(rows -> {
          Map<Integer, Row> applied = new HashMap<>();
          rows.forEach(row -> applied.put(row.getInteger("version"), row));
          Uni<Integer> chain = Uni.createFrom().item(0);
          for (Script script : scripts) {
            Row done = applied.get(script.version());
            if (done != null) {
              verifyUnchanged(script, done);
              continue;
            }
            chain = chain.chain(count -> apply(connection, script).replaceWith(count + 1));
          }
          int known = scripts.size();
          applied.keySet().stream().filter(version -> version > known).findAny().ifPresent(version -> {
            throw new IllegalStateException("the database schema is at version " + version
                + ", newer than this service knows (" + known + "); run a newer version of the service");
          });
          return chain;
        });
  }

  private static Uni<Void> apply(SqlConnection connection, Script script) {
    LOG.infof("applying database migration %s", script.name());
    return connection.begin().chain(transaction -> connection.query(script.text()).execute()
        .chain(() -> connection.preparedQuery(
                "INSERT INTO arbiter_schema_version (version, script, checksum) VALUES ($1, $2, $3)")
            .execute(Tuple.of(script.version(), script.name(), script.checksum())))
        .chain(transaction::commit)
        .onFailure().call(transaction::rollback)
        .onFailure().transform(e -> new IllegalStateException("database migration " + script.name()
            + " failed: " + e.getMessage(), e)));
  }

  private static void verifyUnchanged(Script script, Row applied) {
    if (!applied.getString("checksum").equals(script.checksum())) {
      throw new IllegalStateException("database migration " + script.name() + " was changed after it was applied"
          + " (checksum " + applied.getString("checksum") + " in the database); restore the script and add a new one");
    }
  }

  /** One script: {@code V<version>__<description>.sql}. */
  record Script(int version, String name, String text, String checksum) {
    static Script load(String name) {
      if (!name.matches("V[1-9][0-9]*__[a-z0-9_]+\\.sql")) {
        throw new IllegalArgumentException("a migration is named V<version>__<description>.sql: " + name);
      }
      int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
      try (InputStream in = SchemaMigrations.class.getResourceAsStream("/db/migration/" + name)) {
        if (in == null) {
          throw new IllegalStateException("migration " + name + " is not on the class path");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Script(version, name, text, sha256(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String sha256(String text) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }
}
