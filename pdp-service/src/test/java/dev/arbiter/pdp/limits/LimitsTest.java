package dev.arbiter.pdp.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blocklists and rate limits through the running service with the shipped bundle. */
@QuarkusTest
@TestProfile(LimitsTest.Limited.class)
class LimitsTest {
  public static class Limited implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "arbiter.blocklist.networks", "10.66.0.0/16,2001:db8:66::/48",
          "arbiter.blocklist.agents", "shadow-agent",
          "arbiter.rate-limits.per-user-tool.key", "subject-tool",
          "arbiter.rate-limits.per-user-tool.per-minute", "3",
          "arbiter.rate-limits.per-user-tool.per-hour", "100");
    }
  }

  @Test
  void aSubjectBlockedAtRuntimeIsDeniedAtOnceAndReportedOnce() {
    String subject = "carol";
    decide(subject, "read_file", null, null).body("decision", is(true));
    given().contentType(ContentType.JSON).body("{\"kind\": \"subject\", \"value\": \"" + subject + "\"}")
        .post("/admin/v1/blocklist").then().statusCode(200).body("entries.value", hasItem(subject));
    for (int i = 0; i < 3; i++) {
      decide(subject, "read_file", null, null).body("decision", is(false))
          .body("context.reasons[0].policy", equalTo("arbiter")).body("context.reasons[0].rule", equalTo("blocklist"));
    }
    given().get("/admin/v1/events?type=blocklist_hit&subject=" + subject).then().statusCode(200)
        .body("events", hasSize(1));
    given().delete("/admin/v1/blocklist?kind=subject&value=" + subject).then().statusCode(204);
    decide(subject, "read_file", null, null).body("decision", is(true));
    given().delete("/admin/v1/blocklist?kind=subject&value=" + subject).then().statusCode(404);
  }

  @Test
  void blockedNetworksAndAgentsFromTheConfiguration() {
    decide("dave", "read_file", "10.66.3.4", null).body("decision", is(false))
        .body("context.reasons[0].rule", equalTo("blocklist"));
    decide("dave", "read_file", "2001:db8:66:1::5", null).body("decision", is(false));
    decide("dave", "read_file", "::ffff:10.66.3.4", null).body("decision", is(false));
    decide("dave", "read_file", "10.67.0.1", null).body("decision", is(true));
    decide("dave", "read_file", null, "shadow-agent").body("decision", is(false));
  }

  @Test
  void aUsedUpRateIsADenyWithItsOwnReasonForThatToolOnly() {
    for (int i = 0; i < 3; i++) {
      decide("erin", "read_file", null, null).body("decision", is(true));
    }
    decide("erin", "read_file", null, null).body("decision", is(false))
        .body("context.reasons[0].rule", equalTo("rate-limit:per-user-tool"));
    decide("erin", "write_file", null, null).body("decision", is(true));
    decide("frank", "read_file", null, null).body("decision", is(true));
  }

  @Test
  void badBlocklistChangesAre400() {
    given().contentType(ContentType.JSON).body("{\"kind\": \"network\", \"value\": \"10.0.0.0/99\"}")
        .post("/admin/v1/blocklist").then().statusCode(400);
    given().contentType(ContentType.JSON).body("{\"kind\": \"network\", \"value\": \"evil.example\"}")
        .post("/admin/v1/blocklist").then().statusCode(400);
    given().contentType(ContentType.JSON).body("{\"kind\": \"planet\", \"value\": \"mars\"}")
        .post("/admin/v1/blocklist").then().statusCode(400);
    given().contentType(ContentType.JSON).body("[]").post("/admin/v1/blocklist").then().statusCode(400);
    given().delete("/admin/v1/blocklist?kind=subject").then().statusCode(400);
  }

  private static ValidatableResponse decide(String subject, String tool, String ip, String agent) {
    String context = "\"time\": \"2026-03-02T10:00:00Z\", \"arguments\": {\"path\": \"/workspace/notes/today.md\"}"
        + (ip == null ? "" : ", \"ip\": \"" + ip + "\"") + (agent == null ? "" : ", \"agent\": \"" + agent + "\"");
    return given().contentType(ContentType.JSON).body("""
        {"subject": {"type": "identity", "id": "%s",
                     "properties": {"roles": ["user"], "tenant": "acme", "clearance": 3, "scopes": ["files:read", "files:write"]}},
         "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "%s"},
         "context": {%s}, "options": {"include_context": true}}""".formatted(subject, tool, context))
        .post("/access/v1/evaluation").then().statusCode(200);
  }
}
