package dev.arbiter.pdp.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.audit.AuditTable;
import dev.arbiter.audit.Verification;
import dev.arbiter.pdp.audit.AuditVerifyCli.Run;
import dev.arbiter.pdp.store.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With {@code arbiter.store=postgres} decisions land in the audit table of a real PostgreSQL, and
 * {@code arbiter audit verify --jdbc-url} finds what plain SQL changed behind the service's back.
 */
@QuarkusTest
@TestProfile(AuditPostgresProfile.class)
class AuditPostgresTest {
  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String url;

  @Test
  void decisionsLandInTheTableMaskedAndSearchable() throws Exception {
    List<String> ids = decide("pg-ana", 6);
    awaitRows(ids);
    try (Connection connection = database().connect();
        PreparedStatement select = connection.prepareStatement("SELECT subject_id, decision, via, record FROM ("
            + "SELECT *, record::json->>'via' AS via FROM arbiter_audit_record) r WHERE decision_id = ?")) {
      select.setString(1, ids.getFirst());
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString("subject_id")).isEqualTo("pg-ana");
        assertThat(row.getString("decision")).isEqualTo("permit");
        assertThat(row.getString("via")).isEqualTo("rest");
        assertThat(row.getString("record")).contains("hmac-sha256:", "[redacted]")
            .doesNotContain("pg-ana@example.com", "198.51.100.23", "/workspace/pg/", "pg body text");
      }
    }
    List<String> paged = new ArrayList<>();
    String token = "";
    do {
      JsonPath page = given().queryParam("subject", "pg-ana").queryParam("limit", 4).queryParam("page_token", token)
          .get("/admin/v1/audit").then().statusCode(200).extract().jsonPath();
      paged.addAll(page.getList("records.decision_id"));
      token = page.getString("page.next_token");
    } while (!token.isEmpty());
    assertThat(paged).containsExactlyElementsOf(ids);
    assertThat(given().queryParam("subject", "pg-ana").queryParam("decision", "deny").get("/admin/v1/audit").then()
        .statusCode(200).extract().jsonPath().getList("records.decision_id")).containsExactly(ids.get(1), ids.get(3),
            ids.get(5));
  }

  @Test
  void verifyPassesAndThenNamesARowChangedWithPlainSql() throws Exception {
    List<String> ids = decide("pg-bob", 4);
    awaitRows(ids);
    assertThat(verify().exitCode()).as(verify().out()).isZero();
    assertThat(verify().out()).contains(": intact: ");

    long seq = seqOf(ids.get(1));
    try (Connection connection = database().connect(); Statement sql = connection.createStatement()) {
      sql.executeUpdate("UPDATE arbiter_audit_record SET decision = 'permit' WHERE seq = " + seq);
      try {
        assertBrokenAt(seq, ids.get(1), "column `decision` is \"permit\" but the hashed record says \"deny\": the row"
            + " was changed");
      } finally {
        sql.executeUpdate("UPDATE arbiter_audit_record SET decision = 'deny' WHERE seq = " + seq);
      }

      String original;
      try (ResultSet row = sql.executeQuery("SELECT record FROM arbiter_audit_record WHERE seq = " + seq)) {
        row.next();
        original = row.getString(1);
      }
      sql.executeUpdate("UPDATE arbiter_audit_record SET record = replace(record, '\"decision\":\"deny\"',"
          + " '\"decision\":\"permit\"'), decision = 'permit' WHERE seq = " + seq);
      try {
        assertBrokenAt(seq, ids.get(1), "its hash does not follow from its content and the record before it");
      } finally {
        try (PreparedStatement restore = connection.prepareStatement(
            "UPDATE arbiter_audit_record SET record = ?, decision = 'deny' WHERE seq = ?")) {
          restore.setString(1, original);
          restore.setLong(2, seq);
          restore.executeUpdate();
        }
      }
      assertThat(verify().exitCode()).as("restored").isZero();
    }
  }

  @Test
  void verifyNamesRecordsDeletedAtTheEndThroughTheHead() throws Exception {
    List<String> ids = decide("pg-cy", 2);
    awaitRows(ids);
    long last = seqOf(ids.getLast());
    try (Connection connection = database().connect(); Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false);
      try (ResultSet saved = sql.executeQuery("SELECT max(seq) FROM arbiter_audit_record")) {
        saved.next();
        assertThat(saved.getLong(1)).isEqualTo(last);
      }
      sql.executeUpdate("DELETE FROM arbiter_audit_record WHERE seq = " + last);
      Run broken = verifyWithin(connection);
      assertThat(broken.out()).contains("the chain's head names record " + last + " but the table ends at record "
          + (last - 1) + ": records " + last + " to " + last + " were deleted");
      connection.rollback();
    }
  }

  /** {@code verify} inside an uncommitted transaction sees only its own connection's deletes: not through the CLI. */
  private static Run verifyWithin(Connection connection) throws SQLException {
    return switch (AuditTable.verify(connection)) {
      case Verification.Broken broken -> new Run(1, broken.at().toString(), "");
      case Verification.Intact intact -> new Run(0, "intact", "");
    };
  }

  private List<String> decide(String subject, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = i % 2 == 0 ? "/workspace/pg/" + i : "/etc/pg/" + i;
      ids.add(given().contentType(ContentType.JSON).body("""
              {"subject": {"type": "identity", "id": "%s",
                           "properties": {"roles": ["user"], "tenant": "acme", "clearance": 2, "scopes": ["files:read"],
                                          "email": "%s@example.com"}},
               "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "read_file"},
               "context": {"ip": "198.51.100.23", "arguments": {"path": "%s", "body": "pg body text"}}}"""
              .formatted(subject, subject, path))
          .post("/access/v1/evaluation").then().statusCode(200).extract().path("context.decision_id"));
    }
    return ids;
  }

  private void awaitRows(List<String> ids) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try (Connection connection = database().connect();
          PreparedStatement count = connection.prepareStatement(
              "SELECT count(*) FROM arbiter_audit_record WHERE decision_id = ANY (?)")) {
        count.setArray(1, connection.createArrayOf("text", ids.toArray()));
        try (ResultSet row = count.executeQuery()) {
          row.next();
          if (row.getInt(1) == ids.size()) {
            return;
          }
        }
      }
      assertThat(System.nanoTime()).as("every decision recorded within 20 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private long seqOf(String decisionId) throws SQLException {
    try (Connection connection = database().connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT seq FROM arbiter_audit_record WHERE decision_id = ?")) {
      select.setString(1, decisionId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }


  private void assertBrokenAt(long seq, String decisionId, String reason) {
    Run broken = verify();
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out()).contains("broken at record " + seq + " (decision " + decisionId + "): " + reason);
  }

  private Run verify() {
    return AuditVerifyCli.verify(database());
  }

  private EmbeddedPostgresResource.Database database() {
    return EmbeddedPostgresResource.Database.of(url);
  }
}
