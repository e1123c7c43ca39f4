package dev.arbiter.pdp.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Callers with API keys, configured only as SHA-256 hashes. */
@QuarkusTest
@TestProfile(ApiKeyAuthenticationTest.Keys.class)
class ApiKeyAuthenticationTest {
  static final String PEP_KEY = "pep-7d1c0b3f4e5a69788f1e2d3c4b5a6978";
  static final String AUDITOR_KEY = "audit-0f1e2d3c4b5a69780f1e2d3c4b5a6978";

  public static class Keys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "arbiter.policies.dir", "../policies/examples/hello",
          "arbiter.auth.mode", "api-key",
          "arbiter.auth.api-keys.files-server.hash", hash(PEP_KEY),
          "arbiter.auth.api-keys.ops.hash", hash(AUDITOR_KEY),
          "arbiter.auth.api-keys.ops.roles", Roles.AUDITOR);
    }

    private static String hash(String key) {
      return "sha256:" + HexFormat.of().formatHex(ApiKeyRing.sha256(key));
    }
  }

  static final String REQUEST = """
      {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
       "action": {"name": "write"}, "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";

  @Test
  void theRightKeyIsServed() {
    given().contentType(ContentType.JSON).header("X-API-Key", PEP_KEY).body(REQUEST).post("/access/v1/evaluation")
        .then().statusCode(200).body("decision", is(true));
  }

  @Test
  void aWrongKeyIs401() {
    given().contentType(ContentType.JSON).header("X-API-Key", PEP_KEY + "x").body(REQUEST).post("/access/v1/evaluation")
        .then().statusCode(401).body("message", equalTo("the API key is not accepted"));
  }

  @Test
  void noKeyIs401WithAChallenge() {
    given().contentType(ContentType.JSON).body(REQUEST).post("/access/v1/evaluation")
        .then().statusCode(401).body("code", equalTo("unauthenticated"))
        .header("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
  }

  @Test
  void aKeyWithoutTheRoleIs403() {
    given().contentType(ContentType.JSON).header("X-API-Key", AUDITOR_KEY).body(REQUEST).post("/access/v1/evaluation")
        .then().statusCode(403);
    given().header("X-API-Key", AUDITOR_KEY).get("/v1/admin/status").then().statusCode(200);
  }
}
