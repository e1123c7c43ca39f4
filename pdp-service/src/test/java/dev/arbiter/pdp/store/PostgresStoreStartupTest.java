package dev.arbiter.pdp.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The service starts on an empty PostgreSQL: the migrations run, and the seeded revision serves. */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
class PostgresStoreStartupTest {
  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @Test
  void migratesSeedsAndServes() throws Exception {
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'policy-bundle' }.data.bundle", equalTo("hello"));

    try (Connection connection = EmbeddedPostgresResource.Database.of(url).connect(); Statement statement = connection.createStatement()) {
      List<String> scripts = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("SELECT script FROM arbiter_schema_version ORDER BY version")) {
        while (rows.next()) {
          scripts.add(rows.getString(1));
        }
      }
      assertThat(scripts).isEqualTo(SchemaMigrations.MIGRATIONS);
      try (ResultSet rows = statement.executeQuery("SELECT a.action, a.revision, r.author, r.bundle_name"
          + " FROM arbiter_activation a JOIN arbiter_revision r ON r.number = a.revision ORDER BY a.id LIMIT 1")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("seed");
        assertThat(rows.getLong(2)).isEqualTo(1);
        assertThat(rows.getString(3)).isEqualTo("arbiter");
        assertThat(rows.getString(4)).isEqualTo("hello");
      }
    }

    given().header("X-API-Key", PostgresStoreProfile.CLIENT_KEY).contentType("application/json").body("""
            {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
             "action": {"name": "write"},
             "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""")
        .post("/access/v1/evaluation").then().statusCode(200).body("decision", equalTo(true));
  }
}
