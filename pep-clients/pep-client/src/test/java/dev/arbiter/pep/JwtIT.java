package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A PDP with {@code arbiter.auth.mode=jwt} that also verifies forwarded subject tokens: the client
 * presents its bearer token on every call, and forwards the end user's token so that the PDP takes
 * the subject's attributes from verified claims.
 */
class JwtIT {
  private static final String ISSUER = "https://idp.pep.test";
  private static final String AUDIENCE = "arbiter-pdp";
  private static final String SUBJECT_ISSUER = "https://accounts.pep.test";
  private static final String SUBJECT_AUDIENCE = "mcp-servers";
  private static KeyPair callerKeys;
  private static KeyPair subjectKeys;
  static PdpProcess pdp;

  @BeforeAll
  static void startPdp() throws Exception {
    Path directory = Files.createTempDirectory("pep-jwt");
    callerKeys = rsaKeys();
    subjectKeys = rsaKeys();
    pdp = PdpProcess.start("jwt", TestBundle.copyTo(Files.createDirectory(directory.resolve("bundle"))), Map.of(
        "arbiter.auth.mode", "jwt",
        "arbiter.auth.jwt.issuer", ISSUER,
        "arbiter.auth.jwt.audience", AUDIENCE,
        "arbiter.auth.jwt.key-location", publicKeyPem(directory.resolve("caller.pem"), callerKeys).toString(),
        "arbiter.subject-token.enabled", "true",
        "arbiter.subject-token.issuer", SUBJECT_ISSUER,
        "arbiter.subject-token.audience", SUBJECT_AUDIENCE,
        "arbiter.subject-token.key-location", publicKeyPem(directory.resolve("subject.pem"), subjectKeys).toString()));
  }

  @AfterAll
  static void stopPdp() throws Exception {
    pdp.close();
  }

  private static PdpClient client(Protocol protocol, Credentials credentials) {
    return pdp.client(protocol).credentials(credentials).build();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aValidBearerTokenIsServedAndAskedForOnEveryCall(Protocol protocol) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    String token = callerToken(Instant.now().plusSeconds(600));
    try (PdpClient client = client(protocol, Credentials.bearerToken(() -> {
      asked.incrementAndGet();
      return token;
    }))) {
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")).permitted()).isTrue();
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "memo")).permitted()).isTrue();
      DecisionsIT.awaitRevision(client, java.util.Optional.empty());
      assertThat(asked.get()).as("once per call and once for the revision stream").isGreaterThanOrEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anExpiredTokenOrAFailingTokenSourceIsACallerDeny(Protocol protocol) throws Exception {
    try (PdpClient expired = client(protocol, Credentials.bearerToken(callerToken(Instant.now().minusSeconds(600))));
        PdpClient broken = client(protocol, Credentials.bearerToken(() -> {
          throw new IllegalStateException("the token endpoint is down");
        }))) {
      Decision.Deny refused = (Decision.Deny) expired.evaluate(TestBundle.request("viewer", "read", "plan"));
      assertThat(refused.reason()).isEqualTo(DenyReason.CALLER_REJECTED);
      assertThat(refused.message()).contains("the token has expired");

      Decision.Deny noToken = (Decision.Deny) broken.evaluate(TestBundle.request("viewer", "read", "plan"));
      assertThat(noToken.reason()).isEqualTo(DenyReason.CALLER_REJECTED);
      assertThat(noToken.message()).contains("the token endpoint is down");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aForwardedSubjectTokenGivesTheSubjectItsVerifiedAttributes(Protocol protocol) throws Exception {
    try (PdpClient client = client(protocol, Credentials.bearerToken(callerToken(Instant.now().plusSeconds(600))))) {
      AccessRequest claimsToBeAnEditor = TestBundle.request("editor", "write", "plan");
      assertThat(client.evaluate(claimsToBeAnEditor).permitted()).as("the caller's word, without a token").isTrue();

      AccessRequest withViewerToken = claimsToBeAnEditor.withSubjectToken(subjectToken("ana", "viewer"));
      assertThat(client.evaluate(withViewerToken).permitted()).as("the token says viewer").isFalse();
      AccessRequest withEditorToken = claimsToBeAnEditor.withSubjectToken(subjectToken("ana", "editor"));
      assertThat(client.evaluate(withEditorToken).permitted()).isTrue();
      assertThat(client.evaluateAll(java.util.List.of(withViewerToken, withEditorToken, claimsToBeAnEditor)))
          .extracting(Decision::permitted).containsExactly(false, true, true);

      Decision.Deny someoneElse = (Decision.Deny) client.evaluate(
          TestBundle.request("editor", "write", "memo").withSubjectToken(subjectToken("bob", "editor")));
      assertThat(someoneElse.reason()).as("the token's subject is not the request's").isEqualTo(DenyReason.REQUEST_REJECTED);
    }
  }

  private static String callerToken(Instant expires) throws Exception {
    return sign(callerKeys, "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"files-server\","
        + "\"groups\":[\"pdp-client\"],\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
        + expires.getEpochSecond() + "}");
  }

  private static String subjectToken(String subject, String role) throws Exception {
    return sign(subjectKeys, "{\"iss\":\"" + SUBJECT_ISSUER + "\",\"aud\":\"" + SUBJECT_AUDIENCE + "\",\"sub\":\""
        + subject + "\",\"role\":\"" + role + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
        + Instant.now().plusSeconds(600).getEpochSecond() + "}");
  }

  /** An RS256 JWT: the JDK signs, no JWT library needed for a test. */
  private static String sign(KeyPair keys, String claims) throws Exception {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String signed = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(keys.getPrivate());
    signature.update(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + "." + base64.encodeToString(signature.sign());
  }

  private static KeyPair rsaKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static Path publicKeyPem(Path file, KeyPair keys) throws Exception {
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    return file;
  }
}
