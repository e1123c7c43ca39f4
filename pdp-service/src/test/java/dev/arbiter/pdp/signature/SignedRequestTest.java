package dev.arbiter.pdp.signature;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import dev.arbiter.pdp.api.v1.Action;
import dev.arbiter.pdp.api.v1.BatchRequest;
import dev.arbiter.pdp.api.v1.Entity;
import dev.arbiter.pdp.api.v1.EvaluationRequest;
import dev.arbiter.pdp.api.v1.PdpGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Signed PEP requests through the running service: what is accepted once, and every way to be refused. */
@QuarkusTest
@TestProfile(SignedRequestTest.Required.class)
class SignedRequestTest {
  static final byte[] CONFIGURED_KEY = randomKey();
  static final Path KEYS_FILE = Path.of("target", "signing-keys-" + HexFormat.of().formatHex(randomKey(), 0, 4)
      + ".properties").toAbsolutePath();
  static final byte[] FILE_KEY = randomKey();

  public static class Required implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      writeKeysFile("rotating-1=" + Base64.getEncoder().encodeToString(FILE_KEY) + "\n");
      return Map.of(
          "arbiter.policies.dir", "../policies/examples/hello",
          "arbiter.request-signing.mode", "required",
          "arbiter.request-signing.window", "PT2M",
          "arbiter.request-signing.keys.pep-a", Base64.getEncoder().encodeToString(CONFIGURED_KEY),
          "arbiter.request-signing.keys-file", KEYS_FILE.toString());
    }
  }

  static final String REQUEST = """
      {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
       "action": {"name": "write"}, "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";

  @Test
  void gRpcDecisionsAreRefusedSinceTheyCannotBeSigned() throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port)
        .usePlaintext().build();
    try {
      PdpGrpc.PdpBlockingStub pdp = PdpGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS);
      EvaluationRequest request = EvaluationRequest.newBuilder()
          .setSubject(Entity.newBuilder().setType("user").setId("ana"))
          .setAction(Action.newBuilder().setName("write"))
          .setResource(Entity.newBuilder().setType("document").setId("plan")).build();
      assertThatThrownBy(() -> pdp.evaluate(request))
          .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
            assertThat(refused.getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(refused.getStatus().getDescription())
                .startsWith("signature_required");
          });
      assertThatThrownBy(() -> pdp.evaluateBatch(
              BatchRequest.newBuilder().addEvaluations(request).build()))
          .hasMessageContaining("signature_required");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSignedRequestIsDecided() {
    send(signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(200).body("decision", is(true));
  }

  @Test
  void theSameRequestTwiceIsAReplay() {
    Signed once = signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now(), nonce());
    send(once, "/access/v1/evaluation", REQUEST).statusCode(200);
    send(once, "/access/v1/evaluation", REQUEST).statusCode(401).body("code", equalTo("replayed_request"));
  }

  @Test
  void aNonceCannotBeReusedForAnotherBody() {
    String nonce = nonce();
    String other = REQUEST.replace("ana", "bob");
    send(signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now(), nonce), "/access/v1/evaluation",
        REQUEST).statusCode(200);
    send(signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", other, now(), nonce), "/access/v1/evaluation",
        other).statusCode(401).body("code", equalTo("replayed_request"));
  }

  @Test
  void oldAndFutureTimestampsAreStale() {
    long now = now();
    send(signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now - 180, nonce()),
        "/access/v1/evaluation", REQUEST).statusCode(401).body("code", equalTo("stale_request"));
    send(signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now + 180, nonce()),
        "/access/v1/evaluation", REQUEST).statusCode(401).body("code", equalTo("stale_request"));
  }

  @Test
  void aChangedBodyPathOrKeyBreaksTheSignature() {
    Signed signed = signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now(), nonce());
    send(signed, "/access/v1/evaluation", REQUEST.replace("write", "read")).statusCode(401)
        .body("code", equalTo("signature_invalid"));
    send(signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluations", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(401).body("code", equalTo("signature_invalid"));
    send(signed("pep-a", randomKey(), "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(401).body("code", equalTo("signature_invalid"));
  }

  @Test
  void unknownKeysAndMalformedHeadersAreRefused() {
    send(signed("nobody", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(401).body("code", equalTo("unknown_signing_key"));
    Signed shortNonce = signed("pep-a", CONFIGURED_KEY, "/access/v1/evaluation", REQUEST, now(), "abc");
    send(shortNonce, "/access/v1/evaluation", REQUEST).statusCode(401).body("code", equalTo("signature_invalid"));
    given().contentType(ContentType.JSON).header(RequestSignatures.KEY_ID, "pep-a").body(REQUEST)
        .post("/access/v1/evaluation").then().statusCode(401).body("code", equalTo("signature_invalid"));
  }

  @Test
  void everyCoveredEndpointRefusesUnsignedRequests() {
    for (String path : new String[] {"/access/v1/evaluation", "/access/v1/evaluations", "/access/v1/search/subject",
        "/access/v1/search/resource", "/access/v1/search/action", "/v1/mcp/authorize"}) {
      given().contentType(ContentType.JSON).body("{}").post(path)
          .then().statusCode(401).body("code", equalTo("signature_required"));
    }
  }

  @Test
  void discoveryNeedsNoSignature() {
    given().get("/.well-known/authzen-configuration").then().statusCode(200);
  }

  @Test
  void aKeyAddedToTheKeysFileIsAcceptedWithoutARestartAndARemovedOneIsNot() throws Exception {
    send(signed("rotating-1", FILE_KEY, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(200);
    byte[] next = randomKey();
    writeKeysFile("rotating-1=" + Base64.getEncoder().encodeToString(FILE_KEY) + "\nrotating-2="
        + Base64.getEncoder().encodeToString(next) + "\n");
    awaitStatus("rotating-2", next, 200);
    send(signed("rotating-1", FILE_KEY, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(200);
    writeKeysFile("rotating-2=" + Base64.getEncoder().encodeToString(next) + "\n");
    awaitStatus("rotating-1", FILE_KEY, 401);
    send(signed("rotating-2", next, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(200);
  }

  @Test
  void aBrokenKeysFileKeepsTheKeysItHad() throws Exception {
    writeKeysFile("rotating-1=" + Base64.getEncoder().encodeToString(FILE_KEY) + "\n");
    awaitStatus("rotating-1", FILE_KEY, 200);
    writeKeysFile("short=AAAA\n");
    Thread.sleep(1100); // the file is looked at once a second; nothing observable changes, so wait it out
    send(signed("rotating-1", FILE_KEY, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
        REQUEST).statusCode(200);
    writeKeysFile("rotating-1=" + Base64.getEncoder().encodeToString(FILE_KEY) + "\n");
  }

  private void awaitStatus(String keyId, byte[] key, int status) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int last;
    do {
      last = send(signed(keyId, key, "/access/v1/evaluation", REQUEST, now(), nonce()), "/access/v1/evaluation",
          REQUEST).extract().statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("key " + keyId + " still answered " + last + ", expected " + status);
  }

  record Signed(String keyId, long timestamp, String nonce, String signature) {}

  static Signed signed(String keyId, byte[] key, String path, String body, long timestamp, String nonce) {
    String canonical = RequestSignatures.canonical(keyId, "POST", path, body.getBytes(StandardCharsets.UTF_8),
        Long.toString(timestamp), nonce);
    return new Signed(keyId, timestamp, nonce, Base64.getEncoder().encodeToString(RequestSignatures.sign(key, canonical)));
  }

  static ValidatableResponse send(Signed signed, String path, String body) {
    return given().contentType(ContentType.JSON)
        .header(RequestSignatures.KEY_ID, signed.keyId())
        .header(RequestSignatures.TIMESTAMP, Long.toString(signed.timestamp()))
        .header(RequestSignatures.NONCE, signed.nonce())
        .header(RequestSignatures.SIGNATURE, signed.signature())
        .body(body).post(path).then();
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static String nonce() {
    return HexFormat.of().formatHex(randomKey(), 0, 16);
  }

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  static void writeKeysFile(String text) {
    try {
      Files.createDirectories(KEYS_FILE.getParent());
      Path next = KEYS_FILE.resolveSibling(KEYS_FILE.getFileName() + ".tmp");
      Files.writeString(next, text);
      // The modification time is what the service compares; make each version distinct even on coarse clocks.
      Files.setLastModifiedTime(next, FileTime.from(Instant.now().plusNanos(System.nanoTime() % 1_000_000)));
      Files.move(next, KEYS_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
