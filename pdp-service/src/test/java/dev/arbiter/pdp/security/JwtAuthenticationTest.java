package dev.arbiter.pdp.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.arbiter.pdp.api.v1.PdpGrpc;
import dev.arbiter.pdp.api.v1.Revision;
import dev.arbiter.pdp.api.v1.WatchRevisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Callers with JWTs: RS256 and ES256 from the configured issuer, for this audience, unexpired, with the role. */
@QuarkusTest
@TestProfile(JwtProfile.class)
class JwtAuthenticationTest {
  static final String REQUEST = """
      {"subject": {"type": "identity", "id": "ana", "properties": {"roles": ["user"], "tenant": "acme"}},
       "action": {"name": "tools/call"}, "resource": {"type": "tool", "id": "deploy"}}""";

  static JwtClaimsBuilder caller(String... roles) {
    long now = Instant.now().getEpochSecond();
    return Jwt.issuer(JwtProfile.ISSUER).audience(JwtProfile.AUDIENCE).subject("files-server")
        .groups(Set.of(roles)).issuedAt(now).expiresAt(now + 300);
  }

  static String rs256(JwtClaimsBuilder claims) {
    return claims.jws().keyId(TestKeys.RSA_KEY_ID).sign(TestKeys.rsa("caller"));
  }

  static ValidatableResponse evaluate(String token) {
    return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(REQUEST)
        .post("/access/v1/evaluation").then();
  }

  @Test
  void aValidRs256TokenWithTheRoleIsServed() {
    evaluate(rs256(caller(Roles.PDP_CLIENT))).statusCode(200).body("decision", is(true));
  }

  @Test
  void aValidEs256TokenIsServedToo() {
    String token = caller(Roles.PDP_CLIENT).jws().keyId(TestKeys.EC_KEY_ID).algorithm(SignatureAlgorithm.ES256)
        .sign(TestKeys.ec("caller"));
    evaluate(token).statusCode(200).body("decision", is(true));
  }

  @Test
  void noTokenIs401() {
    given().contentType(ContentType.JSON).body(REQUEST).post("/access/v1/evaluation").then()
        .statusCode(401).body("code", equalTo("unauthenticated")).header("WWW-Authenticate", "Bearer");
  }

  @Test
  void anExpiredTokenIs401() {
    long past = Instant.now().getEpochSecond() - 3600;
    evaluate(rs256(caller(Roles.PDP_CLIENT).issuedAt(past - 300).expiresAt(past)))
        .statusCode(401).body("code", equalTo("unauthenticated")).body("message", equalTo("the token has expired"));
  }

  @Test
  void aTamperedTokenIs401() {
    String[] parts = rs256(caller(Roles.PDP_CLIENT)).split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("files-server", "admin-console");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "."
        + parts[2];
    evaluate(tampered).statusCode(401).body("code", equalTo("unauthenticated"));
  }

  @Test
  void aTokenSignedWithAnotherKeyIs401() {
    evaluate(caller(Roles.PDP_CLIENT).jws().keyId(TestKeys.RSA_KEY_ID).sign(TestKeys.rsa("subject")))
        .statusCode(401);
  }

  @Test
  void aTokenFromAnotherIssuerIs401() {
    evaluate(rs256(caller(Roles.PDP_CLIENT).issuer("https://evil.example")))
        .statusCode(401).body("message", equalTo("the token's issuer is not accepted"));
  }

  @Test
  void aTokenForAnotherAudienceIs401() {
    evaluate(rs256(caller(Roles.PDP_CLIENT).audience("another-service")))
        .statusCode(401).body("message", equalTo("the token is not meant for this service (audience)"));
  }

  @Test
  void theWrongRoleIs403() {
    evaluate(rs256(caller(Roles.AUDITOR))).statusCode(403).body("code", equalTo("forbidden"));
    given().header("Authorization", "Bearer " + rs256(caller(Roles.PDP_CLIENT))).get("/v1/admin/status").then()
        .statusCode(403);
    given().header("Authorization", "Bearer " + rs256(caller(Roles.AUDITOR))).get("/v1/admin/status").then()
        .statusCode(200).body("active.bundle", equalTo("verified-subjects"));
  }

  @Test
  void discoveryHealthAndMetricsStayOpen() {
    given().get("/.well-known/authzen-configuration").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
  }

  static PdpGrpc.PdpBlockingStub withToken(PdpGrpc.PdpBlockingStub stub, String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void grpcCallersAuthenticateTheSameWay() throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    try {
      PdpGrpc.PdpBlockingStub anonymous = PdpGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> anonymous.watchRevisions(WatchRevisionsRequest.getDefaultInstance()).next())
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.UNAUTHENTICATED));

      long past = Instant.now().getEpochSecond() - 3600;
      assertThatThrownBy(() -> withToken(anonymous, rs256(caller(Roles.PDP_CLIENT).issuedAt(past - 60).expiresAt(past)))
          .watchRevisions(WatchRevisionsRequest.getDefaultInstance()).next())
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).isEqualTo("the token has expired");
          });
      assertThatThrownBy(() -> withToken(anonymous, rs256(caller(Roles.AUDITOR)))
          .watchRevisions(WatchRevisionsRequest.getDefaultInstance()).next())
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));

      Iterator<Revision> revisions = withToken(anonymous, rs256(caller(Roles.PDP_CLIENT)))
          .watchRevisions(WatchRevisionsRequest.getDefaultInstance());
      assertThat(revisions.next().getBundle()).isEqualTo("verified-subjects");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
