package dev.arbiter.pdp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Migrations: listed completely, applied once, and a script changed after the fact is refused. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class SchemaMigrationsTest {
  @Inject
  SchemaMigrations migrations;

  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @Test
  void everyScriptInTheDirectoryIsListedInOrder() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactlyElementsOf(
          SchemaMigrations.MIGRATIONS.stream().sorted().toList());
    }
  }

  @Test
  void runningAgainAppliesNothing() throws Exception {
    assertThat(migrations.applyMissing()).isZero();
    assertThat(migrations.applyMissing()).isZero();
    try (Connection connection = EmbeddedPostgresResource.Database.of(url).connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM arbiter_schema_version")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(SchemaMigrations.MIGRATIONS.size());
    }
  }

  @Test
  void aScriptChangedAfterItWasAppliedStopsTheMigration() throws Exception {
    try (Connection connection = EmbeddedPostgresResource.Database.of(url).connect();
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE arbiter_schema_version SET checksum = repeat('0', 64) WHERE version = 1");
      try {
        assertThatThrownBy(migrations::applyMissing).hasMessageContaining(
            "database migration V1__bundle_store.sql was changed after it was applied");
      } finally {
        statement.execute("UPDATE arbiter_schema_version SET checksum = '"
            + SchemaMigrations.Script.load("V1__bundle_store.sql").checksum() + "' WHERE version = 1");
      }
      assertThat(migrations.applyMissing()).isZero();
    }
  }
}
