package dev.arbiter.pdp.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.audit.AuditFile;
import dev.arbiter.audit.Verification;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Grant and blocklist changes, incident steps and security events go into the audit file's chain,
 * through the running service: each with who did it, masked as decisions are, and searchable by
 * kind.
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
class AuditNotesTest {

  @Test
  void aGrantIssuedAndRevokedIsInTheTrailWithWhoWhatAndHowLong() throws Exception {
    String session = unique("session");
    String id = admin().contentType(ContentType.JSON).body(Map.of("session", session, "task", "summarize",
            "permissions", List.of("tools/call:read_file:/workspace/notes/*", "tools/call:list_files"),
            "ttl", "PT10M", "reason", "summarize the notes in /workspace/notes/"))
        .post("/v1/grants").then().statusCode(201).extract().path("id");
    admin().delete("/v1/grants/" + id).then().statusCode(204);

    List<Map<String, Object>> records = search(Map.of("kind", "grant", "resource", id), 2);
    assertThat(records).extracting(r -> r.get("action")).containsExactly("issued", "revoked");
    assertThat(records).extracting(r -> r.get("caller")).containsExactly("release", "release");
    Map<String, Object> issued = records.getFirst();
    assertThat(issued).containsEntry("kind", "grant").containsEntry("v", 1)
        .containsEntry("subject", Map.of("type", "session", "id", session))
        .containsEntry("resource", Map.of("type", "grant", "id", id))
        .containsEntry("masked", List.of("context.arguments.path"))
        .doesNotContainKeys("decision", "decision_id", "revision");
    Map<String, Object> details = details(issued);
    assertThat(details).containsEntry("task", "summarize").containsEntry("ttl", "PT10M")
        .containsEntry("granter", "release").containsKeys("created", "expires");
    assertThat((List<?>) details.get("permissions")).hasSize(2).last().isEqualTo("tools/call:list_files");
    assertThat((String) ((List<?>) details.get("permissions")).getFirst())
        .as("the path pattern is what context.arguments.path holds, which the profile hashes")
        .startsWith("tools/call:read_file:path=hmac-sha256:");
    assertThat((String) details.get("reason")).isEqualTo("summarize the notes in /workspace/notes/");
    assertThat(Files.readString(AuditProfile.FILE, StandardCharsets.UTF_8)).doesNotContain("/workspace/notes/*");

    assertThat(search(Map.of("kind", "grant", "subject", session, "action", "revoked"), 1)).hasSize(1);
    assertThat(search(Map.of("kind", "decision", "resource", id), 0)).isEmpty();
    assertIntact();
  }

  @Test
  void anExpiredGrantIsNotedByTheService() throws Exception {
    String id = admin().contentType(ContentType.JSON).body(Map.of("session", unique("session"),
            "permissions", List.of("tools/call:read_file"), "ttl", "PT1S"))
        .post("/v1/grants").then().statusCode(201).extract().path("id");

    List<Map<String, Object>> records = search(Map.of("kind", "grant", "resource", id), 2);
    assertThat(records).extracting(r -> r.get("action")).containsExactly("issued", "expired");
    assertThat(records.getLast()).containsEntry("caller", "arbiter");
    assertThat(details(records.getLast())).containsEntry("ttl", "PT1S");
    assertIntact();
  }

  @Test
  void blocklistChangesAndTheHitsTheyCauseAreInTheTrailWithTheNetworkMasked() throws Exception {
    String subject = unique("mallory");
    String neighbour = unique("walter");
    String network = "192.0.2.128/25";
    admin().contentType(ContentType.JSON).body(Map.of("kind", "network", "value", network))
        .post("/admin/v1/blocklist").then().statusCode(200);
    admin().contentType(ContentType.JSON).body(Map.of("kind", "subject", "value", subject))
        .post("/admin/v1/blocklist").then().statusCode(200);
    try {
      for (String who : List.of(subject, neighbour)) {
        given().contentType(ContentType.JSON).header("X-API-Key", AuditProfile.PEP_KEY).body("""
                {"subject": {"type": "identity", "id": "%s", "properties": {"roles": ["user"], "tenant": "acme",
                             "clearance": 2, "scopes": []}},
                 "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "read_file"},
                 "context": {"ip": "192.0.2.130"}}""".formatted(who))
            .post("/access/v1/evaluation").then().statusCode(200).body("decision", org.hamcrest.Matchers.is(false));
      }
    } finally {
      admin().queryParam("kind", "network").queryParam("value", network).delete("/admin/v1/blocklist")
          .then().statusCode(204);
      admin().queryParam("kind", "subject").queryParam("value", subject).delete("/admin/v1/blocklist")
          .then().statusCode(204);
    }

    List<Map<String, Object>> changes = search(Map.of("kind", "blocklist", "subject_type", "network"), 2);
    List<Map<String, Object>> mine = changes.subList(changes.size() - 2, changes.size());
    assertThat(mine).extracting(r -> r.get("action")).containsExactly("added", "removed");
    assertThat(mine).allSatisfy(record -> {
      assertThat(record).containsEntry("caller", "release").containsEntry("masked", List.of("context.ip"));
      assertThat((String) ((Map<?, ?>) record.get("subject")).get("id")).startsWith("hmac-sha256:");
    });
    assertThat(search(Map.of("kind", "blocklist", "subject", subject), 2)).extracting(r -> r.get("action"))
        .as("a subject id is never masked").containsExactly("added", "removed");

    Map<String, Object> subjectHit = search(Map.of("kind", "security_event", "action", "blocklist_hit",
        "subject", subject), 1).getFirst();
    assertThat(subjectHit).containsEntry("caller", "arbiter")
        .containsEntry("subject", Map.of("type", "name", "id", subject));
    assertThat(nested(subjectHit)).containsEntry("kind", "subject").containsEntry("entry", subject);
    Map<String, Object> networkHit = search(Map.of("kind", "security_event", "action", "blocklist_hit",
        "subject", neighbour), 1).getFirst();
    assertThat(nested(networkHit)).containsEntry("kind", "network");
    assertThat((String) nested(networkHit).get("entry")).startsWith("hmac-sha256:");
    assertThat((String) details(networkHit).get("message")).startsWith("blocklisted network hmac-sha256:");
    assertThat(networkHit).containsEntry("masked", List.of("context.ip"));
    assertThat(Files.readString(AuditProfile.FILE, StandardCharsets.UTF_8)).doesNotContain(network, "192.0.2.130");
    assertIntact();
  }

  @Test
  void everyStepOfAnIncidentIsInTheTrailAfterTheEventThatOpenedIt() throws Exception {
    String session = unique("escalating");
    admin().contentType(ContentType.JSON).body(Map.of("session", session, "permissions",
        List.of("resources/write:docs:/secret/plans/*"), "ttl", "PT5M")).post("/v1/grants").then().statusCode(403);
    String event = admin().queryParam("type", "grant_escalation").get("/admin/v1/events").then().statusCode(200)
        .extract().jsonPath().<Map<String, Object>>getList("events").stream()
        .filter(e -> session.equals(((Map<?, ?>) e.get("details")).get("session"))).findFirst().orElseThrow()
        .get("id").toString();
    String incident = admin().get("/admin/v1/incidents").then().statusCode(200).extract().jsonPath()
        .<Map<String, Object>>getList("incidents").stream().filter(i -> event.equals(i.get("event"))).findFirst()
        .orElseThrow().get("id").toString();
    admin().contentType(ContentType.JSON).body(Map.of("assignee", "rosa"))
        .post("/admin/v1/incidents/" + incident + "/assign").then().statusCode(200);
    admin().contentType(ContentType.JSON).body(Map.of("text", "asked the orchestrator's owner"))
        .post("/admin/v1/incidents/" + incident + "/steps").then().statusCode(200);
    admin().contentType(ContentType.JSON).body(Map.of("resolution", "a misconfigured TTL, fixed"))
        .post("/admin/v1/incidents/" + incident + "/resolve").then().statusCode(200);

    Map<String, Object> raised = search(Map.of("kind", "security_event", "resource", event), 1).getFirst();
    assertThat(raised).containsEntry("action", "grant_escalation").containsEntry("caller", "arbiter")
        .containsEntry("subject", Map.of("type", "name", "id", "release"));
    assertThat(details(raised)).containsEntry("severity", 1);
    assertThat(nested(raised)).containsEntry("session", session).containsEntry("ttl", "PT5M");
    assertThat((String) nested(raised).get("permissions")).as("the path pattern, masked as in grant records")
        .startsWith("resources/write:docs:path=hmac-sha256:");
    assertThat((String) details(raised).get("message")).startsWith("grant refused: 'resources/write:docs:hmac-sha256:");

    List<Map<String, Object>> steps = search(Map.of("kind", "incident", "resource", incident), 4);
    assertThat(steps).extracting(r -> r.get("action")).containsExactly("opened", "assigned", "step", "resolved");
    assertThat(steps).extracting(r -> r.get("caller")).containsExactly("arbiter", "release", "release", "release");
    assertThat(steps).extracting(r -> details(r).get("state")).containsExactly("open", "assigned", "assigned",
        "resolved");
    assertThat(details(steps.getFirst())).containsEntry("event", event);
    assertThat((String) details(steps.getFirst()).get("summary")).startsWith("grant refused: 'resources/write:docs:hmac");
    assertThat(Files.readString(AuditProfile.FILE, StandardCharsets.UTF_8)).doesNotContain("/secret/plans/*");
    assertThat(details(steps.get(2))).containsEntry("text", "asked the orchestrator's owner")
        .containsEntry("assignee", "rosa");
    assertThat(details(steps.getLast())).containsEntry("text", "a misconfigured TTL, fixed");
    assertThat(((Number) steps.getFirst().get("seq")).longValue()).as("after the event's record").isGreaterThan(((Number) raised.get("seq")).longValue());
    assertIntact();
  }

  @Test
  void theActivationAtStartIsInTheTrailThoughItCameBeforeTheTrailStarted() {
    assertThat(search(Map.of("kind", "security_event", "action", "bundle_activation"), 1)).isNotEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> details(Map<String, Object> record) {
    return (Map<String, Object>) record.get("details");
  }

  /** A security event's own details. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> nested(Map<String, Object> record) {
    return (Map<String, Object>) details(record).get("details");
  }

  private static void assertIntact() throws Exception {
    assertThat(AuditFile.verify(AuditProfile.FILE)).isInstanceOf(Verification.Intact.class);
  }

  /** Searches until at least {@code expected} records match (the writer is asynchronous), then returns them. */
  private static List<Map<String, Object>> search(Map<String, String> filters, int expected) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    List<Map<String, Object>> records;
    do {
      JsonPath page = given().header("X-API-Key", AuditProfile.AUDITOR_KEY).queryParams(filters)
          .queryParam("limit", 1000).get("/admin/v1/audit").then().statusCode(200).extract().jsonPath();
      records = page.getList("records");
      if (records.size() >= expected && page.getString("page.next_token").isEmpty()) {
        return records;
      }
      if (!page.getString("page.next_token").isEmpty()) {
        throw new AssertionError("the search needs more than one page; narrow it");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("expected " + expected + " records for " + filters + " within 20 s, found " + records);
  }

  private static RequestSpecification admin() {
    return given().header("X-API-Key", AuditProfile.ADMIN_KEY);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
