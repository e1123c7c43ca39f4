package dev.arbiter.pdp.grants;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.pdp.api.v1.Revision;
import dev.arbiter.pdp.api.v1.WatchRevisionsRequest;
import dev.arbiter.pdp.security.Roles;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Task-scoped grants through the running service: what they allow, for how long, and what they refuse. */
@QuarkusTest
@TestProfile(TaskGrantsTest.Grants.class)
class TaskGrantsTest {
  static final String PEP_KEY = "pep-9e1c0b3f4e5a69788f1e2d3c4b5a6978";
  static final String ORCHESTRATOR_KEY = "orch-9e1c0b3f4e5a69788f1e2d3c4b5a6978";
  static final String AUDITOR_KEY = "audit-9e1c0b3f4e5a69788f1e2d3c4b5a6978";

  public static class Grants implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "arbiter.policies.dir", "src/test/resources/bundles/task-grants",
          "arbiter.auth.mode", "api-key",
          "arbiter.auth.api-keys.files-server.hash", hash(PEP_KEY),
          "arbiter.auth.api-keys.orchestrator.hash", hash(ORCHESTRATOR_KEY),
          "arbiter.auth.api-keys.orchestrator.roles", Roles.GRANT_ISSUER,
          "arbiter.auth.api-keys.secops.hash", hash(AUDITOR_KEY),
          "arbiter.auth.api-keys.secops.roles", Roles.AUDITOR,
          "arbiter.grants.max-ttl", "PT10M",
          "arbiter.grants.grantable", "tools/call:*");
    }
  }

  @Test
  void outsideASessionTheUsualPoliciesDecide() {
    decide(null, null, "read_file", "/etc/passwd").body("decision", is(true));
  }

  @Test
  void aSessionWithoutAGrantGetsNothing() {
    decide("session-empty", null, "read_file", "/workspace/a.txt").body("decision", is(false))
        .body("context.reasons.rule", hasItem("outside-grant"));
  }

  @Test
  void aGrantAllowsExactlyWhatItSays() {
    grant("session-1", null, List.of("tools/call:read_file:/workspace/*"), "PT5M").statusCode(201);
    decide("session-1", null, "read_file", "/workspace/notes/today.md").body("decision", is(true));
    decide("session-1", null, "read_file", "/workspace/../etc/passwd").body("decision", is(false));
    decide("session-1", null, "read_file", "/workspace/%2e%2e/etc/passwd").body("decision", is(false));
    decide("session-1", null, "read_file", "/etc/passwd").body("decision", is(false));
    decide("session-1", null, "write_file", "/workspace/a.txt").body("decision", is(false));
    decide("session-other", null, "read_file", "/workspace/a.txt").body("decision", is(false));
  }

  @Test
  void aTaskGrantCoversOnlyItsTask() {
    grant("session-2", "task-a", List.of("tools/call:read_file"), "PT5M").statusCode(201);
    decide("session-2", "task-a", "read_file", "/anything").body("decision", is(true));
    decide("session-2", "task-b", "read_file", "/anything").body("decision", is(false));
  }

  @Test
  void callersCannotClaimAGrantThemselves() {
    given().header("X-API-Key", PEP_KEY).contentType(ContentType.JSON)
        .body(request("session-forged", null, "read_file", "/workspace/a.txt").replace("\"session\"",
            "\"granted\": true, \"session\""))
        .post("/access/v1/evaluation").then().statusCode(200).body("decision", is(false));
  }

  @Test
  void aRevokedGrantStopsAtOnceAndIsAnnouncedToWatchers() {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    try {
      Metadata key = new Metadata();
      key.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), PEP_KEY);
      Iterator<Revision> revisions = PdpGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(key))
          .withDeadlineAfter(30, TimeUnit.SECONDS).watchRevisions(WatchRevisionsRequest.getDefaultInstance());
      long before = revisions.next().getGrantsEpoch();

      String id = grant("session-3", null, List.of("tools/call:read_file"), "PT5M").statusCode(201)
          .extract().path("id");
      assertThat(revisions.next().getGrantsEpoch()).isGreaterThan(before);
      decide("session-3", null, "read_file", "/x").body("decision", is(true));

      as(ORCHESTRATOR_KEY).delete("/v1/grants/" + id).then().statusCode(204);
      long revokedEpoch = revisions.next().getGrantsEpoch();
      assertThat(revokedEpoch).isGreaterThan(before + 1);
      decide("session-3", null, "read_file", "/x").body("decision", is(false));
      as(ORCHESTRATOR_KEY).get("/v1/grants/" + id).then().statusCode(404);
      as(ORCHESTRATOR_KEY).delete("/v1/grants/" + id).then().statusCode(404);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aGrantExpiresByItself() throws InterruptedException {
    grant("session-4", null, List.of("tools/call:read_file"), "PT1S").statusCode(201);
    decide("session-4", null, "read_file", "/x").body("decision", is(true));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (decide("session-4", null, "read_file", "/x").extract().<Boolean>path("decision")) {
      assertThat(System.nanoTime()).as("the grant should have expired").isLessThan(deadline);
      Thread.sleep(100);
    }
    as(ORCHESTRATOR_KEY).get("/v1/grants?session=session-4").then().statusCode(200).body("grants.size()", is(0));
  }

  @Test
  void escalationsAreRefusedAndReported() {
    grant("session-5", null, List.of("tools/call:read_file"), "PT2H").statusCode(403)
        .body("code", equalTo("grant_escalation"));
    grant("session-5", null, List.of("resources/read:*"), "PT5M").statusCode(403)
        .body("code", equalTo("grant_escalation"));
    as(ORCHESTRATOR_KEY).get("/v1/grants?session=session-5").then().body("grants.size()", is(0));
    as(AUDITOR_KEY).get("/admin/v1/events?type=grant_escalation").then().statusCode(200)
        .body("events[0].severity", is(1)).body("events[0].subject", equalTo("orchestrator"));
  }

  @Test
  void badGrantRequestsAre400AndEnforcementPointsCannotGrant() {
    grant("session-6", null, List.of("read_file"), "PT5M").statusCode(400);
    grant("session-6", null, List.of("tools/call:read_file"), "ten minutes").statusCode(400);
    grant("session-6", null, List.of(), "PT5M").statusCode(400);
    as(ORCHESTRATOR_KEY).contentType(ContentType.JSON).body("{\"session\": 7, \"permissions\": [\"tools/call:x\"],"
        + " \"ttl\": \"PT1M\"}").post("/v1/grants").then().statusCode(400).body("code", equalTo("invalid_request"));
    as(ORCHESTRATOR_KEY).contentType(ContentType.JSON).body("[").post("/v1/grants").then().statusCode(400);
    given().header("X-API-Key", PEP_KEY).contentType(ContentType.JSON)
        .body("{\"session\": \"s\", \"permissions\": [\"tools/call:x\"], \"ttl\": \"PT1M\"}")
        .post("/v1/grants").then().statusCode(403);
  }

  private static ValidatableResponse grant(String session, String task, List<String> permissions, String ttl) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("session", session);
    if (task != null) {
      body.put("task", task);
    }
    body.put("permissions", permissions);
    body.put("ttl", ttl);
    body.put("reason", "summarize the workspace notes");
    return as(ORCHESTRATOR_KEY).contentType(ContentType.JSON).body(body).post("/v1/grants").then();
  }

  private static ValidatableResponse decide(String session, String task, String tool, String path) {
    return given().header("X-API-Key", PEP_KEY).contentType(ContentType.JSON)
        .body(request(session, task, tool, path)).post("/access/v1/evaluation").then().statusCode(200);
  }

  private static String request(String session, String task, String tool, String path) {
    StringBuilder context = new StringBuilder("{");
    if (session != null) {
      context.append("\"session\": \"").append(session).append("\", ");
    }
    if (task != null) {
      context.append("\"task\": \"").append(task).append("\", ");
    }
    context.append("\"arguments\": {\"path\": \"").append(path).append("\"}}");
    return "{\"subject\": {\"type\": \"identity\", \"id\": \"agent-7\", \"properties\": {\"tenant\": \"acme\"}},"
        + " \"action\": {\"name\": \"tools/call\"},"
        + " \"resource\": {\"type\": \"tool\", \"id\": \"" + tool + "\", \"properties\": {\"tenant\": \"acme\"}},"
        + " \"context\": " + context + ", \"options\": {\"include_context\": true}}";
  }

  private static RequestSpecification as(String key) {
    return given().header("X-API-Key", key);
  }

  private static String hash(String key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
