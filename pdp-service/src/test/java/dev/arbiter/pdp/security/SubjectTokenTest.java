package dev.arbiter.pdp.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Subject tokens: only verified claims become {@code subject.*}; the request's own subject
 * properties are the caller's word, and policies can tell the two apart.
 */
@QuarkusTest
@TestProfile(JwtProfile.class)
class SubjectTokenTest {
  /** Claims to be an admin of another tenant, on the caller's word only. */
  static final String CLAIMED_ADMIN = """
      {"subject": {"type": "identity", "id": "eve", "properties": {"roles": ["admin"], "tenant": "globex"}},
       "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "deploy"}}""";

  static final String CALLER = JwtAuthenticationTest.rs256(JwtAuthenticationTest.caller(Roles.PDP_CLIENT));

  static JwtClaimsBuilder subject(String id, List<String> groups, String tenant) {
    long now = Instant.now().getEpochSecond();
    return Jwt.issuer(JwtProfile.SUBJECT_ISSUER).audience(JwtProfile.SUBJECT_AUDIENCE).subject(id)
        .claim("groups", groups).claim("tenant", tenant).claim("client_id", "claude-desktop")
        .issuedAt(now).expiresAt(now + 300);
  }

  static String sign(JwtClaimsBuilder claims) {
    return claims.jws().keyId(TestKeys.RSA_KEY_ID).sign(TestKeys.rsa("subject"));
  }

  static ValidatableResponse evaluate(String request, String subjectToken) {
    var call = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + CALLER).body(request);
    if (subjectToken != null) {
      call = call.header(SubjectTokens.HEADER, subjectToken);
    }
    return call.post("/access/v1/evaluation").then();
  }

  @Test
  void aClaimedRoleIsNotAVerifiedOne() {
    evaluate(CLAIMED_ADMIN, null).statusCode(200).body("decision", is(false));
  }

  @Test
  void aVerifiedAdminIsPermitted() {
    evaluate(CLAIMED_ADMIN, sign(subject("eve", List.of("admin"), "globex")))
        .statusCode(200)
        .body("decision", is(true))
        .body("context.reasons.rule", contains("verified-admin"));
  }

  @Test
  void theTokenReplacesWhatTheRequestSaysAboutTheSubject() {
    // The request says eve is an acme admin; the token says she is a globex user. The token wins.
    String request = CLAIMED_ADMIN.replace("\"globex\"", "\"acme\"");
    evaluate(request, null).statusCode(200).body("decision", is(true));
    evaluate(request, sign(subject("eve", List.of("user"), "globex"))).statusCode(200).body("decision", is(false));
  }

  @Test
  void aTokenForAnotherSubjectIsRefused() {
    evaluate(CLAIMED_ADMIN, sign(subject("mallory", List.of("admin"), "globex")))
        .statusCode(400)
        .body("message", equalTo("`subject.id` is \"eve\" but the verified token's subject is \"mallory\""));
  }

  @Test
  void anInvalidSubjectTokenRefusesTheRequest() {
    long past = Instant.now().getEpochSecond() - 3600;
    evaluate(CLAIMED_ADMIN, sign(subject("eve", List.of("admin"), "globex").issuedAt(past - 60).expiresAt(past)))
        .statusCode(400)
        .body("code", equalTo("invalid_subject_token"))
        .body("message", equalTo("subject token: the token has expired"));
    // a token for the PDP's callers is not a subject token: other keys, other issuer
    evaluate(CLAIMED_ADMIN, JwtAuthenticationTest.rs256(JwtAuthenticationTest.caller(Roles.PDP_CLIENT)))
        .statusCode(400)
        .body("message", equalTo("subject token: the token's signature does not verify"));
  }

  @Test
  void theMcpEndpointVerifiesTheTokenItCarries() {
    String call = "{\"message\": {\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tools/call\", \"params\": {\"name\":"
        + " \"deploy\", \"arguments\": {}}}, \"token\": \"%s\"}";
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + CALLER)
        .body(call.formatted(sign(subject("eve", List.of("admin"), "globex"))))
        .post("/v1/mcp/authorize").then()
        .statusCode(200).body("decision", is(true));
    given().contentType(ContentType.JSON).header("Authorization", "Bearer " + CALLER)
        .body(call.formatted(sign(subject("eve", List.of("admin"), "globex").issuer("https://evil.example"))))
        .post("/v1/mcp/authorize").then()
        .statusCode(200)
        .body("decision", is(false))
        .body("jsonrpc_error.error.message", containsString("issuer"));
  }
}
