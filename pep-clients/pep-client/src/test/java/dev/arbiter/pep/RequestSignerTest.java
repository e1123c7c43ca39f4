package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Request signatures against the test vectors the PDP's own tests check too
 * ({@code pep-clients/proto/arbiter/pdp/v1/request-signing-vectors.json}), and the signer's rules.
 */
class RequestSignerTest {
  static final Path VECTORS = Path.of("..", "proto", "arbiter", "pdp", "v1", "request-signing-vectors.json");

  @Test
  void theCanonicalTextAndSignatureOfEveryVector() throws IOException {
    List<Map<String, String>> cases = vectors();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(3);
    for (Map<String, String> vector : cases) {
      byte[] body = vector.get("body").getBytes(StandardCharsets.UTF_8);
      String canonical = RequestSigner.canonical(vector.get("key_id"), vector.get("method"), vector.get("path"), body,
          vector.get("timestamp"), vector.get("nonce"));
      assertThat(canonical).as(vector.get("name")).isEqualTo(vector.get("canonical"));
      assertThat(Base64.getEncoder().encodeToString(RequestSigner.signature(Base64.getDecoder().decode(vector.get("key")),
          canonical))).as(vector.get("name")).isEqualTo(vector.get("signature"));
    }
  }

  @Test
  void signingARequestGivesTheVectorsHeaders() throws IOException {
    Map<String, String> vector = vectors().getFirst();
    RequestSigner signer = new RequestSigner(vector.get("key_id"), Base64.getDecoder().decode(vector.get("key")),
        Clock.fixed(Instant.ofEpochSecond(Long.parseLong(vector.get("timestamp"))), ZoneOffset.UTC),
        () -> vector.get("nonce"));
    RequestSigner.Headers headers = signer.sign(vector.get("method"), vector.get("path"),
        vector.get("body").getBytes(StandardCharsets.UTF_8));
    assertThat(headers).isEqualTo(new RequestSigner.Headers(vector.get("key_id"), vector.get("timestamp"),
        vector.get("nonce"), vector.get("signature")));
  }

  @Test
  void everyRequestGetsANewNonceOfTheShapeThePdpAccepts() {
    RequestSigner signer = new RequestSigner("pep-a", new byte[32]);
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String nonce = signer.sign("POST", "/access/v1/evaluation", new byte[0]).nonce();
      assertThat(nonce).matches("[A-Za-z0-9_-]{16,128}");
      nonces.add(nonce);
    }
    assertThat(nonces).hasSize(1000);
  }

  @Test
  void keysTheServiceWouldRefuseAreRefusedHere() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RequestSigner("pep-a", new byte[31]))
        .withMessage("a signing key has at least 32 bytes, found 31");
    assertThatIllegalArgumentException().isThrownBy(() -> new RequestSigner("pep a", new byte[32]))
        .withMessageContaining("visible ASCII characters without spaces");
    assertThatIllegalArgumentException().isThrownBy(() -> new RequestSigner("", new byte[32]));
  }

  @Test
  void theSecretIsCopiedAndNeverShown() {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    RequestSigner signer = new RequestSigner("pep-a", secret, Clock.systemUTC(), () -> "AAAAAAAAAAAAAAAA");
    String before = signer.sign("POST", "/p", new byte[0]).signature();
    secret[0] = 'X';
    assertThat(signer.sign("POST", "/p", new byte[0]).signature()).isEqualTo(before);
    assertThat(signer).hasToString("RequestSigner[pep-a, …]");
  }

  @Test
  void onlyHttpAddressesSign() {
    assertThatIllegalStateException().isThrownBy(() -> PdpClient.builder("grpc://127.0.0.1:8080")
        .signing("pep-a", new byte[32])).withMessageContaining("on HTTP only");
    PdpClient.builder("http://127.0.0.1:8080").signing("pep-a", new byte[32]);
  }

  /** The vectors' cases, each a map of its string members. */
  static List<Map<String, String>> vectors() throws IOException {
    List<Map<String, String>> cases = new ArrayList<>();
    try (JsonParser json = new JsonFactory().createParser(Files.readAllBytes(VECTORS))) {
      while (json.nextToken() != null) {
        if (json.currentToken() == JsonToken.FIELD_NAME && json.currentName().equals("cases")) {
          json.nextToken();
          while (json.nextToken() == JsonToken.START_OBJECT) {
            Map<String, String> vector = new LinkedHashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String name = json.currentName();
              json.nextToken();
              vector.put(name, json.getText());
            }
            cases.add(vector);
          }
        }
      }
    }
    return cases;
  }
}
