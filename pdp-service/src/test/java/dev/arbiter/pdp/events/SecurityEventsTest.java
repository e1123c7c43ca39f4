package dev.arbiter.pdp.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import com.sun.net.httpserver.HttpServer;
import dev.arbiter.pdp.security.Roles;
import dev.arbiter.pdp.signature.RequestSignatures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Security events through the running service: detectors fire on real requests, events are listed,
 * filtered and paged, severe ones reach the webhook and open incidents that people work through.
 */
@QuarkusTest
@TestProfile(SecurityEventsTest.Events.class)
class SecurityEventsTest {
  static final String PEP_KEY = "pep-5e1c0b3f4e5a69788f1e2d3c4b5a6978";
  static final String AUDITOR_KEY = "audit-5e1c0b3f4e5a69788f1e2d3c4b5a6978";
  static final byte[] SIGNING_KEY = "events-test-signing-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
  static final List<String> WEBHOOK = new CopyOnWriteArrayList<>();
  static final HttpServer RECEIVER = receiver();

  public static class Events implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(
          Map.entry("arbiter.policies.dir", "../policies/examples/hello"),
          Map.entry("arbiter.auth.mode", "api-key"),
          Map.entry("arbiter.auth.api-keys.files-server.hash", hash(PEP_KEY)),
          Map.entry("arbiter.auth.api-keys.secops.hash", hash(AUDITOR_KEY)),
          Map.entry("arbiter.auth.api-keys.secops.roles", Roles.AUDITOR),
          Map.entry("arbiter.request-signing.mode", "optional"),
          Map.entry("arbiter.request-signing.keys.pep", Base64.getEncoder().encodeToString(SIGNING_KEY)),
          Map.entry("arbiter.events.invalid-tokens.threshold", "3"),
          Map.entry("arbiter.events.webhook.url", "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/events"),
          Map.entry("arbiter.events.webhook.level", "2"));
    }
  }

  static final String REQUEST = """
      {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
       "action": {"name": "write"}, "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";

  @Test
  void aReplayIsACriticalEventThatReachesTheWebhookAndOpensAnIncident() throws Exception {
    String nonce = HexFormat.of().formatHex(Instant.now().toString().getBytes(StandardCharsets.UTF_8), 0, 16);
    long timestamp = Instant.now().getEpochSecond();
    String signature = Base64.getEncoder().encodeToString(RequestSignatures.sign(SIGNING_KEY,
        RequestSignatures.canonical("pep", "POST", "/access/v1/evaluation", REQUEST.getBytes(StandardCharsets.UTF_8),
            Long.toString(timestamp), nonce)));
    for (int status : new int[] {200, 401}) {
      as(PEP_KEY).header(RequestSignatures.KEY_ID, "pep").header(RequestSignatures.TIMESTAMP, Long.toString(timestamp))
          .header(RequestSignatures.NONCE, nonce).header(RequestSignatures.SIGNATURE, signature)
          .contentType(ContentType.JSON).body(REQUEST).post("/access/v1/evaluation").then().statusCode(status);
    }
    JsonPath events = as(AUDITOR_KEY).get("/admin/v1/events?type=replay_attempt").then().statusCode(200)
        .extract().jsonPath();
    assertThat(events.getInt("events[0].severity")).isEqualTo(1);
    assertThat(events.getString("events[0].details.key_id")).isEqualTo("pep");
    String eventId = events.getString("events[0].id");

    awaitWebhook(eventId);
    as(AUDITOR_KEY).get("/admin/v1/incidents?state=open").then().statusCode(200)
        .body("incidents.event", hasItem(eventId));
  }

  @Test
  void repeatedBadCredentialsFromOneSourceAreOneBurst() {
    for (int i = 0; i < 3; i++) {
      as("not-a-key-" + i).contentType(ContentType.JSON).body(REQUEST).post("/access/v1/evaluation")
          .then().statusCode(401);
    }
    as(AUDITOR_KEY).get("/admin/v1/events?type=invalid_tokens").then().statusCode(200)
        .body("events", hasSize(1))
        .body("events[0].subject", equalTo("127.0.0.1"))
        .body("events[0].details.last_reason", equalTo("the API key is not accepted"));
  }

  @Test
  void theFirstActivationIsALowSeverityEventThatStaysOffTheWebhook() {
    String id = as(AUDITOR_KEY).get("/admin/v1/events?type=bundle_activation").then().statusCode(200)
        .body("events[0].severity", equalTo(4)).body("events[0].details.revision", notNullValue())
        .extract().jsonPath().getString("events[0].id");
    assertThat(WEBHOOK).noneMatch(json -> json.contains(id));
  }

  @Test
  void eventsAreFilteredBySeverityAndPaged() {
    forgeTwoSignatures();
    as(AUDITOR_KEY).get("/admin/v1/events?severity=2").then().statusCode(200)
        .body("events.severity", everyItem(lessThanOrEqualTo(2)));
    JsonPath first = as(AUDITOR_KEY).get("/admin/v1/events?limit=1").then().statusCode(200)
        .body("events", hasSize(1)).extract().jsonPath();
    String token = first.getString("next_page_token");
    as(AUDITOR_KEY).get("/admin/v1/events?limit=1&page_token=" + token).then().statusCode(200)
        .body("events", hasSize(1)).body("events[0].id", org.hamcrest.Matchers.not(equalTo(first.getString("events[0].id"))));
  }

  @Test
  void badQueriesAre400() {
    as(AUDITOR_KEY).get("/admin/v1/events?severity=7").then().statusCode(400).body("code", equalTo("invalid_request"));
    as(AUDITOR_KEY).get("/admin/v1/events?type=everything").then().statusCode(400);
    as(AUDITOR_KEY).get("/admin/v1/events?since=yesterday").then().statusCode(400);
    as(AUDITOR_KEY).get("/admin/v1/events?limit=0").then().statusCode(400);
    as(AUDITOR_KEY).get("/admin/v1/events?page_token=evt-gone").then().statusCode(400);
    as(AUDITOR_KEY).get("/admin/v1/incidents?state=pending").then().statusCode(400);
  }

  @Test
  void enforcementPointsCannotReadEvents() {
    as(PEP_KEY).get("/admin/v1/events").then().statusCode(403);
    given().get("/admin/v1/events").then().statusCode(401);
  }

  @Test
  void anIncidentIsAssignedWorkedAndResolvedInThatOrder() {
    forgeTwoSignatures();
    String id = as(AUDITOR_KEY).get("/admin/v1/incidents?state=open").then().statusCode(200)
        .extract().jsonPath().getString("incidents[0].id");
    change(id, "resolve", "resolution", "nothing to see").statusCode(409).body("code", equalTo("incident_not_assigned"));
    change(id, "assign", "assignee", "rosa").statusCode(200).body("state", equalTo("assigned"))
        .body("assignee", equalTo("rosa"));
    change(id, "steps", "text", "rotated the PEP's signing key").statusCode(200)
        .body("steps.action", hasItem("step")).body("steps.author", hasItem("secops"));
    change(id, "resolve", "resolution", "key leaked through a debug log; rotated").statusCode(200)
        .body("state", equalTo("resolved"));
    change(id, "steps", "text", "too late").statusCode(409).body("code", equalTo("incident_resolved"));
    as(AUDITOR_KEY).get("/admin/v1/incidents/" + id).then().statusCode(200)
        .body("steps.action", equalTo(List.of("opened", "assigned", "step", "resolved")));
  }

  @Test
  void incidentChangesNeedAKnownIncidentAndAProperBody() {
    change("inc-999999", "assign", "assignee", "rosa").statusCode(404);
    as(AUDITOR_KEY).contentType(ContentType.JSON).body("{\"assignee\": 3}").post("/admin/v1/incidents/inc-1/assign")
        .then().statusCode(400);
    as(AUDITOR_KEY).contentType(ContentType.JSON).body("{").post("/admin/v1/incidents/inc-1/assign")
        .then().statusCode(400);
  }

  private static io.restassured.response.ValidatableResponse change(String id, String verb, String field, String text) {
    return as(AUDITOR_KEY).contentType(ContentType.JSON).body(Map.of(field, text))
        .post("/admin/v1/incidents/" + id + "/" + verb).then();
  }

  /** Two requests with signatures that do not match: high-severity events and an incident each. */
  private static void forgeTwoSignatures() {
    for (int i = 0; i < 2; i++) {
      as(PEP_KEY).header(RequestSignatures.KEY_ID, "pep")
          .header(RequestSignatures.TIMESTAMP, Long.toString(Instant.now().getEpochSecond()))
          .header(RequestSignatures.NONCE, "forged-nonce-000000" + i)
          .header(RequestSignatures.SIGNATURE, Base64.getEncoder().encodeToString(new byte[32]))
          .contentType(ContentType.JSON).body(REQUEST).post("/access/v1/evaluation").then().statusCode(401)
          .body("code", equalTo("signature_invalid"));
    }
  }

  private static RequestSpecification as(String key) {
    return given().header("X-API-Key", key);
  }

  private static void awaitWebhook(String eventId) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (WEBHOOK.stream().anyMatch(json -> json.contains("\"id\":\"" + eventId + "\""))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("event " + eventId + " did not reach the webhook; it got " + WEBHOOK);
  }

  private static String hash(String key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpServer receiver() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/events", exchange -> {
        WEBHOOK.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
