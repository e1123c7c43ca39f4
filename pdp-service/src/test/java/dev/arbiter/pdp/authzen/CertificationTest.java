package dev.arbiter.pdp.authzen;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.arbiter.pdp.BundleProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AuthZEN 1.0 certification rules (levels Basic, Batch, Search, Discovery) against the
 * running service with {@code policies/examples/authzen-cert}.
 */
@QuarkusTest
@TestProfile(BundleProfiles.Certification.class)
class CertificationTest {

  static ValidatableResponse evaluate(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/access/v1/evaluation").then();
  }

  static String request(String subject, String action, String resource) {
    return "{\"subject\": " + subject + ", \"action\": " + action + ", \"resource\": " + resource + "}";
  }

  static final String ALICE = "{\"type\": \"user\", \"id\": \"alice\"}";
  static final String BOB = "{\"type\": \"user\", \"id\": \"bob\"}";
  static final String RECORD_1 = "{\"type\": \"record\", \"id\": \"record-1\"}";
  static final String RECORD_2 = "{\"type\": \"record\", \"id\": \"record-2\"}";

  static String action(String name) {
    return "{\"name\": \"" + name + "\"}";
  }

  @Nested
  class Decisions {
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        alice | read   | record-1 | true
        alice | write  | record-1 | true
        bob   | read   | record-1 | true
        bob   | write  | record-1 | false
        """)
    void fixtureDecisions(String subject, String action, String resource, boolean expected) {
      evaluate(request("{\"type\": \"user\", \"id\": \"" + subject + "\"}", action(action),
          "{\"type\": \"record\", \"id\": \"" + resource + "\"}"))
          .statusCode(200)
          .body("decision", is(expected))
          .body("context", instanceOf(Map.class));
    }

    @Test
    void aUserCannotWriteAnArchivedResource() {
      evaluate(request(ALICE, action("write"),
          "{\"type\": \"record\", \"id\": \"record-9\", \"properties\": {\"status\": \"archived\"}}"))
          .statusCode(200).body("decision", is(false));
    }

    @Test
    void anAdminWritesAnArchivedResource() {
      evaluate(request("{\"type\": \"user\", \"id\": \"carol\", \"properties\": {\"role\": \"admin\"}}", action("write"),
          "{\"type\": \"record\", \"id\": \"record-9\", \"properties\": {\"status\": \"archived\"}}"))
          .statusCode(200).body("decision", is(true));
    }

    @ParameterizedTest(name = "soft: {0} -> {1}")
    @CsvSource({"true, true", "false, false"})
    void deleteIsAllowedOnlySoftly(boolean soft, boolean expected) {
      evaluate(request(ALICE, "{\"name\": \"delete\", \"properties\": {\"soft\": " + soft + "}}", RECORD_1))
          .statusCode(200).body("decision", is(expected));
    }

    @Test
    void contextDoesNotChangeDecisions() {
      String withContext = "{\"subject\": " + BOB + ", \"action\": " + action("write") + ", \"resource\": " + RECORD_1
          + ", \"context\": {\"time\": \"2026-01-01T00:00:00Z\", \"role\": \"admin\", \"override\": true}}";
      evaluate(withContext).statusCode(200).body("decision", is(false));
    }

    @Test
    void extraPropertiesAndUnknownFieldsAreIgnored() {
      evaluate("{\"subject\": {\"type\": \"user\", \"id\": \"alice\", \"extra\": 1, \"properties\": {\"nickname\": \"al\"}},"
          + " \"action\": {\"name\": \"read\", \"extra\": [1]}, \"resource\": " + RECORD_1 + ", \"unknown\": {\"x\": 1}}")
          .statusCode(200).body("decision", is(true));
    }

    @Test
    void theSameRequestGetsTheSameDecision() {
      for (int i = 0; i < 20; i++) {
        evaluate(request(BOB, action("write"), RECORD_1)).statusCode(200).body("decision", is(false));
        evaluate(request(ALICE, action("write"), RECORD_1)).statusCode(200).body("decision", is(true));
      }
    }

    @Test
    void theContextExplainsTheDecision() {
      evaluate(request(ALICE, action("write"), RECORD_1))
          .statusCode(200)
          .body("context.outcome", equalTo("permit"))
          .body("context.reasons[0].policy", equalTo("write"))
          .body("context.reasons[0].rule", equalTo("active-by-user"))
          .body("context.decision_id", not(empty()))
          .body("context.revision", not(empty()));
    }
  }

  @Nested
  class BadInput {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\", \"id\": \"record-1\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"resource\": {\"type\": \"record\", \"id\": \"record-1\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"action\": {\"name\": \"read\"}}",
        "{\"subject\": {\"id\": \"alice\"}, \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\", \"id\": \"r\"}}",
        "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\", \"id\": \"r\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"action\": {}, \"resource\": {\"type\": \"record\", \"id\": \"r\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"action\": {\"name\": \"read\"}, \"resource\": {\"id\": \"r\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\"}}",
        "{\"subject\": \"alice\", \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\", \"id\": \"r\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"action\": {\"name\": 123}, \"resource\": {\"type\": \"record\", \"id\": \"r\"}}",
        "{\"subject\": {\"type\": \"user\", \"id\": \"alice\"}, \"action\": {\"name\": \"read\"}",
        "[]",
        "\"text\""
    })
    void isA400WithAMessage(String body) {
      evaluate(body).statusCode(400)
          .contentType(ContentType.JSON)
          .body("code", equalTo("invalid_request"))
          .body("message", not(empty()));
    }

    @Test
    void missingFieldsAreNamed() {
      evaluate("{\"subject\": {\"type\": \"user\"}, \"action\": {}, \"resource\": {\"type\": \"record\", \"id\": \"r\"}}")
          .statusCode(400)
          .body("message", equalTo("`subject.id` is missing; `action.name` is missing"));
    }

    @Test
    void anEmptyBodyIsA400() {
      given().contentType(ContentType.JSON).body("").post("/access/v1/evaluation").then()
          .statusCode(400).body("message", containsString("empty"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded"})
    void aNonJsonContentTypeIsA400Not415(String contentType) {
      given().contentType(contentType).body(request(ALICE, action("read"), RECORD_1))
          .post("/access/v1/evaluation").then()
          .statusCode(400).body("code", equalTo("unsupported_content_type"));
    }

    @Test
    void jsonWithACharsetIsAccepted() {
      given().contentType("application/json; charset=utf-8").body(request(ALICE, action("read"), RECORD_1))
          .post("/access/v1/evaluation").then().statusCode(200).body("decision", is(true));
    }

    @Test
    void aTooLargeBodyIsA413WithTheErrorBody() {
      String huge = "{\"subject\": {\"type\": \"user\", \"id\": \"" + "x".repeat(2 << 20) + "\"}}";
      given().contentType(ContentType.JSON).body(huge).post("/access/v1/evaluation").then()
          .statusCode(413).body("code", equalTo("body_too_large"));
    }

    @Test
    void aTooLargeBodyWithoutALengthIsA413Too() throws java.io.IOException {
      String huge = "{\"subject\": {\"type\": \"user\", \"id\": \"" + "x".repeat(3 << 19) + "\"}}";
      given().contentType(ContentType.JSON)
          .body(new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .post("/access/v1/evaluation").then()
          .statusCode(413).body("code", equalTo("body_too_large"));
    }

    @Test
    void deepNestingIsA400() {
      String deep = "{\"subject\": {\"type\": \"user\", \"id\": \"alice\", \"properties\": {\"p\": "
          + "[".repeat(60) + "]".repeat(60) + "}}, \"action\": {\"name\": \"read\"}, \"resource\": " + RECORD_1 + "}";
      evaluate(deep).statusCode(400).body("message", containsString("nests deeper than 32 levels"));
    }

    @Test
    void duplicateKeysAreA400() {
      evaluate("{\"subject\": " + ALICE + ", \"subject\": " + BOB + ", \"action\": {\"name\": \"read\"}, \"resource\": "
          + RECORD_1 + "}").statusCode(400).body("message", containsString("subject"));
    }

    @Test
    void errorBodiesHoldNoInternals() {
      evaluate("{\"subject\": [1, 2], \"action\": null, \"resource\": 5}")
          .statusCode(400)
          .body("message", not(containsString("Exception")))
          .body("message", not(containsString("dev.arbiter")))
          .body("$", not(hasKey("stack")));
    }

    @Test
    void unknownEndpointsAndMethodsAnswerInTheSameShape() {
      given().get("/access/v1/nothing").then().statusCode(404).body("code", equalTo("not_found"));
      given().get("/access/v1/evaluation").then().statusCode(405).body("code", equalTo("method_not_allowed"));
    }
  }

  @Nested
  class Headers {
    @Test
    void xRequestIdIsEchoed() {
      given().contentType(ContentType.JSON).header("X-Request-ID", "req-42").body(request(ALICE, action("read"), RECORD_1))
          .post("/access/v1/evaluation").then()
          .statusCode(200).header("X-Request-ID", "req-42");
    }

    @Test
    void noXRequestIdIsFine() {
      given().contentType(ContentType.JSON).body(request(ALICE, action("read"), RECORD_1))
          .post("/access/v1/evaluation").then()
          .statusCode(200).header("X-Request-ID", nullValue());
    }

    @Test
    void xRequestIdIsEchoedOnErrorsToo() {
      given().contentType(ContentType.JSON).header("X-Request-ID", "req-43").body("{")
          .post("/access/v1/evaluation").then()
          .statusCode(400).header("X-Request-ID", "req-43");
    }
  }

  @Nested
  class Batch {
    static ValidatableResponse evaluations(String body) {
      return given().contentType(ContentType.JSON).body(body).post("/access/v1/evaluations").then();
    }

    @Test
    void answersInRequestOrderWithBareItems() {
      evaluations("{\"evaluations\": ["
          + request(ALICE, action("read"), RECORD_1) + ", "
          + request(BOB, action("write"), RECORD_1) + ", "
          + request(ALICE, action("write"), RECORD_1) + "]}")
          .statusCode(200)
          .body("evaluations.decision", contains(true, false, true))
          .body("evaluations[0]", equalTo(Map.of("decision", true)))
          .body("evaluations[1]", equalTo(Map.of("decision", false)));
    }

    @Test
    void defaultsApplyToItemsThatOmitAKey() {
      evaluations("{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1 + ", \"evaluations\": ["
          + "{\"action\": {\"name\": \"read\"}}, {\"action\": {\"name\": \"write\"}},"
          + " {\"action\": {\"name\": \"delete\", \"properties\": {\"soft\": false}}}]}")
          .statusCode(200).body("evaluations.decision", contains(true, true, false));
    }

    @Test
    void anItemsOwnKeyReplacesTheDefaultWholesale() {
      // The default subject carries properties; the item's subject replaces it entirely, so the
      // default's admin role does not leak into the item.
      evaluations("{\"subject\": {\"type\": \"user\", \"id\": \"carol\", \"properties\": {\"role\": \"admin\"}},"
          + " \"action\": {\"name\": \"write\"}, \"evaluations\": ["
          + "{\"resource\": {\"type\": \"record\", \"id\": \"r\", \"properties\": {\"status\": \"archived\"}}},"
          + "{\"subject\": {\"type\": \"user\", \"id\": \"carol\"},"
          + " \"resource\": {\"type\": \"record\", \"id\": \"r\", \"properties\": {\"status\": \"archived\"}}}]}")
          .statusCode(200).body("evaluations.decision", contains(true, false));
    }

    @Test
    void aMalformedItemIsDeniedAndTheOthersAreEvaluated() {
      evaluations("{\"action\": {\"name\": \"read\"}, \"evaluations\": ["
          + "{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1 + "},"
          + "{\"subject\": {\"type\": \"user\"}, \"resource\": " + RECORD_1 + "},"
          + "{\"subject\": " + BOB + ", \"resource\": " + RECORD_1 + "}]}")
          .statusCode(200)
          .body("evaluations.decision", contains(true, false, true))
          .body("evaluations[1].context.error.message", equalTo("`subject.id` is missing"));
    }

    @Test
    void withoutEvaluationsItIsASingleEvaluation() {
      evaluations(request(ALICE, action("write"), RECORD_1))
          .statusCode(200).body("decision", is(true)).body("$", not(hasKey("evaluations")));
      evaluations("{\"subject\": " + BOB + ", \"action\": {\"name\": \"write\"}, \"resource\": " + RECORD_1
          + ", \"evaluations\": []}")
          .statusCode(200).body("decision", is(false));
    }

    @Test
    void denyOnFirstDenyStopsAtTheFirstDeny() {
      evaluations("{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1
          + ", \"options\": {\"evaluations_semantic\": \"deny_on_first_deny\"}, \"evaluations\": ["
          + "{\"action\": {\"name\": \"read\"}}, {\"action\": {\"name\": \"delete\"}}, {\"action\": {\"name\": \"write\"}}]}")
          .statusCode(200).body("evaluations.decision", contains(true, false));
    }

    @Test
    void permitOnFirstPermitStopsAtTheFirstPermit() {
      evaluations("{\"subject\": " + BOB + ", \"resource\": " + RECORD_1
          + ", \"options\": {\"evaluations_semantic\": \"permit_on_first_permit\"}, \"evaluations\": ["
          + "{\"action\": {\"name\": \"write\"}}, {\"action\": {\"name\": \"read\"}}, {\"action\": {\"name\": \"write\"}}]}")
          .statusCode(200).body("evaluations.decision", contains(false, true));
    }

    @Test
    void executeAllEvaluatesEverything() {
      evaluations("{\"subject\": " + BOB + ", \"resource\": " + RECORD_1
          + ", \"options\": {\"evaluations_semantic\": \"execute_all\"}, \"evaluations\": ["
          + "{\"action\": {\"name\": \"write\"}}, {\"action\": {\"name\": \"read\"}}, {\"action\": {\"name\": \"write\"}}]}")
          .statusCode(200).body("evaluations.decision", contains(false, true, false));
    }

    @Test
    void contextInItemsIsOptIn() {
      evaluations("{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1
          + ", \"options\": {\"include_context\": true}, \"evaluations\": [{\"action\": {\"name\": \"read\"}}]}")
          .statusCode(200).body("evaluations[0].context.reasons[0].rule", equalTo("any-user"));
    }

    @Test
    void anUnknownSemanticIsA400() {
      evaluations("{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1
          + ", \"options\": {\"evaluations_semantic\": \"sometimes\"}, \"evaluations\": [{\"action\": {\"name\": \"read\"}}]}")
          .statusCode(400).body("message", containsString("execute_all, deny_on_first_deny, permit_on_first_permit"));
    }

    @Test
    void evaluationsMustBeAnArray() {
      evaluations("{\"evaluations\": {}}").statusCode(400).body("message", equalTo("`evaluations` must be an array, found object"));
    }

    @Test
    void aBatchLargerThanTheLimitIsA400() {
      String items = ("{\"action\": {\"name\": \"read\"}},").repeat(257);
      evaluations("{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1 + ", \"evaluations\": ["
          + items.substring(0, items.length() - 1) + "]}")
          .statusCode(400).body("code", equalTo("batch_too_large"));
    }
  }

  @Nested
  class Search {
    static ValidatableResponse search(String kind, String body) {
      return given().contentType(ContentType.JSON).body(body).post("/access/v1/search/" + kind).then();
    }

    @Test
    void subjectsWhoMayReadARecord() {
      search("subject", "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"read\"}, \"resource\": " + RECORD_1 + "}")
          .statusCode(200)
          .body("results", hasItems(Map.of("type", "user", "id", "alice"), Map.of("type", "user", "id", "bob")))
          .body("page.next_token", equalTo(""));
    }

    @Test
    void theSearchedForIdIsIgnored() {
      search("subject", "{\"subject\": {\"type\": \"user\", \"id\": \"nobody\"}, \"action\": {\"name\": \"read\"},"
          + " \"resource\": " + RECORD_1 + "}")
          .statusCode(200).body("results.id", hasItems("alice", "bob"));
    }

    @Test
    void resourcesAliceMayRead() {
      search("resource", "{\"subject\": " + ALICE + ", \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\"}}")
          .statusCode(200).body("results.id", hasItems("record-1"));
    }

    @Test
    void actionsAliceMayDoOnRecord1() {
      search("action", "{\"subject\": " + ALICE + ", \"resource\": " + RECORD_1 + "}")
          .statusCode(200).body("results.name", hasItems("read", "write"));
    }

    @Test
    void anAdminOnAnArchivedRecord() {
      search("subject", "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"write\"}, \"resource\":"
          + " {\"type\": \"record\", \"id\": \"record-2\", \"properties\": {\"status\": \"archived\"}}}")
          .statusCode(200).body("results.id", contains("bob"));
      search("resource", "{\"subject\": {\"type\": \"user\", \"id\": \"bob\", \"properties\": {\"role\": \"admin\"}},"
          + " \"action\": {\"name\": \"write\"}, \"resource\": {\"type\": \"record\"}}")
          .statusCode(200).body("results.id", contains("record-2"));
      search("action", "{\"subject\": {\"type\": \"user\", \"id\": \"bob\", \"properties\": {\"role\": \"admin\"}},"
          + " \"resource\": {\"type\": \"record\", \"id\": \"record-2\", \"properties\": {\"status\": \"archived\"}}}")
          .statusCode(200).body("results.name", hasItems("read", "write"));
    }

    @Test
    void unknownIdsAndTypesGiveEmptyResults() {
      search("subject", "{\"subject\": {\"type\": \"robot\"}, \"action\": {\"name\": \"read\"}, \"resource\": " + RECORD_1 + "}")
          .statusCode(200).body("results", empty());
      search("resource", "{\"subject\": {\"type\": \"user\", \"id\": \"nobody\"}, \"action\": {\"name\": \"write\"},"
          + " \"resource\": {\"type\": \"record\"}}")
          .statusCode(200).body("results", empty());
    }

    @Test
    void aMissingInputFieldIsA400() {
      search("subject", "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\"}}")
          .statusCode(400).body("message", equalTo("`resource.id` is missing"));
      search("resource", "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"read\"}, \"resource\": {\"type\": \"record\"}}")
          .statusCode(400).body("message", equalTo("`subject.id` is missing"));
      search("action", "{\"subject\": " + ALICE + "}").statusCode(400).body("message", equalTo("`resource` is missing"));
    }

    @Test
    void pagesAreCutByTheLimitAndResumedWithTheToken() {
      String body = "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"read\"}, \"resource\": " + RECORD_1
          + ", \"page\": {\"limit\": 1}}";
      String token = search("subject", body).statusCode(200)
          .body("results.id", contains("alice"))
          .body("page.next_token", not(equalTo("")))
          .extract().path("page.next_token");
      search("subject", body.replace("\"limit\": 1}", "\"limit\": 1, \"token\": \"" + token + "\"}"))
          .statusCode(200).body("results.id", contains("bob")).body("page.next_token", equalTo(""));
    }

    @Test
    void aForgedPageTokenIsA400() {
      search("subject", "{\"subject\": {\"type\": \"user\"}, \"action\": {\"name\": \"read\"}, \"resource\": " + RECORD_1
          + ", \"page\": {\"token\": \"not-ours\"}}")
          .statusCode(400).body("message", containsString("page.token"));
    }
  }

  @Nested
  class Discovery {
    @Test
    void namesTheBaseUrlAndTheEndpoints() {
      String base = given().get("/.well-known/authzen-configuration").then()
          .statusCode(200)
          .contentType(ContentType.JSON)
          .extract().path("policy_decision_point");
      given().get("/.well-known/authzen-configuration").then()
          .body("access_evaluation_endpoint", equalTo(base + "/access/v1/evaluation"))
          .body("access_evaluations_endpoint", equalTo(base + "/access/v1/evaluations"))
          .body("search_subject_endpoint", equalTo(base + "/access/v1/search/subject"))
          .body("search_resource_endpoint", equalTo(base + "/access/v1/search/resource"))
          .body("search_action_endpoint", equalTo(base + "/access/v1/search/action"));
      org.assertj.core.api.Assertions.assertThat(base).isEqualTo(RestAssured.baseURI + ":" + RestAssured.port);
    }
  }
}
