package dev.arbiter.pdp.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pdp.audit.AuditVerifyCli.Run;
import dev.arbiter.pdp.store.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With {@code arbiter.store=postgres}, grant and blocklist changes land in the audit table beside the
 * decisions, with their kind and without the columns only decisions have, and the chain verifies.
 */
@QuarkusTest
@TestProfile(AuditPostgresProfile.class)
class AuditNotesPostgresTest {
  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @Test
  void grantChangesAreRowsOfTheirKindInTheOneChain() throws Exception {
    String session = "pg-session-" + UUID.randomUUID().toString().substring(0, 8);
    String id = given().contentType(ContentType.JSON).body(Map.of("session", session,
            "permissions", List.of("tools/call:read_file:/workspace/pg/*"), "ttl", "PT5M"))
        .post("/v1/grants").then().statusCode(201).extract().path("id");
    given().delete("/v1/grants/" + id).then().statusCode(204);

    List<Map<String, String>> rows = awaitRows("resource_id = '" + id + "'", 2);
    assertThat(rows).extracting(row -> row.get("action")).containsExactly("issued", "revoked");
    assertThat(rows).allSatisfy(row -> {
      assertThat(row).containsEntry("kind", "grant").containsEntry("caller", "local")
          .containsEntry("subject_type", "session").containsEntry("subject_id", session)
          .containsEntry("resource_type", "grant").containsEntry("decision", null).containsEntry("revision", null);
      assertThat(row.get("record")).contains("\"kind\":\"grant\"").contains("path=hmac-sha256:")
          .doesNotContain("/workspace/pg/*");
    });

    assertThat(given().queryParam("kind", "grant").queryParam("resource", id).get("/admin/v1/audit").then()
        .statusCode(200).extract().jsonPath().getList("records.action")).containsExactly("issued", "revoked");
    assertThat(given().queryParam("kind", "decision").queryParam("resource", id).get("/admin/v1/audit").then()
        .statusCode(200).extract().jsonPath().getList("records")).isEmpty();
    Run intact = verify();
    assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
  }

  @Test
  void aKindChangedWithPlainSqlIsFound() throws Exception {
    String network = "198.18.7.0/24";
    given().contentType(ContentType.JSON).body(Map.of("kind", "network", "value", network))
        .post("/admin/v1/blocklist").then().statusCode(200);
    given().queryParam("kind", "network").queryParam("value", network).delete("/admin/v1/blocklist").then()
        .statusCode(204);
    List<Map<String, String>> rows = awaitRows("kind = 'blocklist' AND subject_type = 'network'", 2);
    Map<String, String> added = rows.get(rows.size() - 2);
    assertThat(added.get("subject_id")).as("context.ip is sensitive in the profile").startsWith("hmac-sha256:");

    try (Connection connection = database().connect(); Statement sql = connection.createStatement()) {
      sql.executeUpdate("UPDATE arbiter_audit_record SET kind = 'decision' WHERE seq = " + added.get("seq"));
      try {
        Run broken = verify();
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("broken at record " + added.get("seq") + " (blocklist ")
            .contains("column `kind` is \"decision\" but the hashed record says \"blocklist\": the row was changed");
      } finally {
        sql.executeUpdate("UPDATE arbiter_audit_record SET kind = 'blocklist' WHERE seq = " + added.get("seq"));
      }
    }
    assertThat(verify().exitCode()).as("restored").isZero();
  }

  /** Rows matching {@code where}, in seq order, once at least {@code count} are there. */
  private List<Map<String, String>> awaitRows(String where, int count) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      List<Map<String, String>> rows = new ArrayList<>();
      try (Connection connection = database().connect();
          PreparedStatement select = connection.prepareStatement("SELECT seq, kind, caller, action, subject_type,"
              + " subject_id, resource_type, resource_id, decision, revision, record FROM arbiter_audit_record WHERE "
              + where + " ORDER BY seq");
          ResultSet row = select.executeQuery()) {
        while (row.next()) {
          Map<String, String> columns = new java.util.HashMap<>();
          for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
            columns.put(row.getMetaData().getColumnName(i), row.getString(i));
          }
          rows.add(columns);
        }
      }
      if (rows.size() >= count) {
        return rows;
      }
      assertThat(System.nanoTime()).as("%d rows where %s within 20 s", count, where).isLessThan(deadline);
      Thread.sleep(20);
    }
  }


  private Run verify() {
    return AuditVerifyCli.verify(database());
  }

  private EmbeddedPostgresResource.Database database() {
    return EmbeddedPostgresResource.Database.of(url);
  }
}
