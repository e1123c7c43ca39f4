package dev.arbiter.pdp.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /admin/v1/audit}: filters, paging, roles and refused parameters. */
@QuarkusTest
@TestProfile(AuditProfile.class)
class AuditResourceTest {

  @Test
  void onlyAuditorsMaySearch() {
    given().get("/admin/v1/audit").then().statusCode(401).body("code", equalTo("unauthenticated"));
    given().header("X-API-Key", AuditProfile.PEP_KEY).get("/admin/v1/audit").then().statusCode(403)
        .body("code", equalTo("forbidden"));
    given().header("X-API-Key", AuditProfile.ADMIN_KEY).get("/admin/v1/audit").then().statusCode(403);
    auditor().get("/admin/v1/audit").then().statusCode(200).body("head.hash", startsWith(""));
  }

  @Test
  void filtersBySubjectDecisionAndResource() {
    String subject = unique("subj");
    String permit = decide(subject, "read_file", "/workspace/a");
    String deny = decide(subject, "read_file", "/etc/passwd");
    String unscoped = decide(subject, "write_file", "/workspace/b");

    assertThat(search(Map.of("subject", subject), 3)).extracting(r -> r.get("decision_id"))
        .containsExactly(permit, deny, unscoped);
    assertThat(search(Map.of("subject", subject, "decision", "deny"), 1)).extracting(r -> r.get("decision_id"))
        .containsExactly(deny);
    assertThat(search(Map.of("subject", subject, "decision", "not_applicable"), 1))
        .extracting(r -> r.get("decision_id")).containsExactly(unscoped);
    assertThat(search(Map.of("subject", subject, "resource_type", "tool", "resource", "read_file"), 2))
        .extracting(r -> r.get("decision_id")).containsExactly(permit, deny);
    assertThat(search(Map.of("subject", subject, "subject_type", "tool"), 0)).isEmpty();
  }

  @Test
  void filtersByTimeRange() {
    String subject = unique("time");
    Instant before = Instant.now().minusSeconds(1);
    String id = decide(subject, "read_file", "/workspace/a");
    Instant after = Instant.now().plusSeconds(1);
    assertThat(search(Map.of("subject", subject, "from", before.toString(), "to", after.toString()), 1))
        .extracting(r -> r.get("decision_id")).containsExactly(id);
    assertThat(search(Map.of("subject", subject, "from", after.toString()), 0)).isEmpty();
    assertThat(search(Map.of("subject", subject, "to", before.toString()), 0)).isEmpty();
  }

  @Test
  void pagesCoverEveryRecordOnceInChainOrder() {
    String subject = unique("page");
    List<String> decided = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      decided.add(decide(subject, "read_file", "/workspace/" + i));
    }
    search(Map.of("subject", subject), 5);
    List<String> seen = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonPath page = auditor().queryParam("subject", subject).queryParam("limit", 2).queryParam("page_token", token)
          .get("/admin/v1/audit").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("records.decision_id"));
      page.getList("records.seq", Number.class).forEach(seq -> seqs.add(seq.longValue()));
      assertThat(page.getList("records")).hasSizeLessThanOrEqualTo(2);
      token = page.getString("page.next_token");
      pages++;
    } while (!token.isEmpty() && pages < 100_000);
    assertThat(seen).containsExactlyElementsOf(decided);
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void recordsAreReturnedAsStoredWithTheirHash() {
    String subject = unique("hash");
    decide(subject, "read_file", "/workspace/a");
    Map<String, Object> record = search(Map.of("subject", subject), 1).getFirst();
    assertThat((String) record.get("hash")).matches("[0-9a-f]{64}");
    assertThat(record).containsKeys("seq", "time", "caller", "via", "subject", "action", "resource", "decision",
        "reasons", "obligations", "revision", "latency_ns", "request", "masked", "v");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "decision=maybe | `decision` is one of permit, deny, not_applicable, indeterminate, found \"maybe\"",
      "limit=0 | `limit` must be a whole number from 1 to 1000, found \"0\"",
      "limit=lots | `limit` must be a whole number from 1 to 1000",
      "limit=1001 | `limit` must be a whole number from 1 to 1000",
      "from=yesterday | `from` must be an ISO-8601 time such as 2026-03-02T10:00:00Z, found \"yesterday\"",
      "to=2026-13-01T00:00:00Z | `to` must be an ISO-8601 time",
      "page_token=not*a*token | `page_token` is not a token this service gave out",
      "subject= | `subject` must not be empty",
      "subjet=bob | unknown parameter `subjet`; filters are action, decision, from, kind, limit, page_token, resource,",
      "kind=weather | `kind` is one of decision, grant, blocklist, incident, security_event, found \"weather\"",
      "from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z | `from` must be before `to`",
  })
  void badParametersAre400WithTheReason(String query, String message) {
    auditor().urlEncodingEnabled(false).get("/admin/v1/audit?" + query).then().statusCode(400)
        .body("code", equalTo("invalid_request")).body("message", startsWith(message));
  }

  @Test
  void aTokenFromElsewhereIs400() {
    String foreign = new AuditQuery.PageToken(999_999_999L, 999_999_999_999L).encode();
    auditor().queryParam("page_token", foreign).get("/admin/v1/audit").then().statusCode(400)
        .body("message", startsWith("the page token does not belong to this audit trail"));
  }

  @Test
  void theOpenApiDocumentDescribesTheSearch() {
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths.'/admin/v1/audit'.get.summary", equalTo("Search the audit trail"))
        .body("paths.'/admin/v1/audit'.get.parameters.name", org.hamcrest.Matchers.hasItems("subject", "decision",
            "kind", "action", "resource", "resource_type", "from", "to", "limit", "page_token"));
  }

  /** Searches until {@code expected} records match (the writer is asynchronous), then returns them. */
  private static List<Map<String, Object>> search(Map<String, String> filters, int expected) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    List<Map<String, Object>> records;
    do {
      records = auditor().queryParams(filters).get("/admin/v1/audit").then().statusCode(200).extract().jsonPath()
          .getList("records");
      if (records.size() >= expected) {
        break;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    assertThat(records).hasSize(expected);
    return records;
  }

  private static String decide(String subject, String tool, String path) {
    return AuditTrailTest.evaluate("""
        {"subject": {"type": "identity", "id": "%s",
                     "properties": {"roles": ["user"], "tenant": "acme", "clearance": 2, "scopes": ["files:read"]}},
         "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "%s"},
         "context": {"arguments": {"path": "%s"}}}""".formatted(subject, tool, path))
        .getString("context.decision_id");
  }

  private static RequestSpecification auditor() {
    return given().header("X-API-Key", AuditProfile.AUDITOR_KEY).accept(ContentType.JSON);
  }

  private static String unique(String prefix) {
    return prefix + "-" + System.nanoTime();
  }
}
