package dev.arbiter.pdp.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The request-signing test vectors that PEPs check their signatures against
 * ({@code pep-clients/proto/arbiter/pdp/v1/request-signing-vectors.json}, checked by pep-client's
 * {@code RequestSignerTest} too): the PDP builds the same canonical text and signature, and accepts
 * each vector's request once, at its time.
 */
class RequestSigningVectorsTest {
  static final Path VECTORS = Path.of("..", "pep-clients", "proto", "arbiter", "pdp", "v1",
      "request-signing-vectors.json");

  @Test
  void theCanonicalTextAndSignatureOfEveryVector() throws IOException {
    List<Map<String, String>> cases = vectors();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(3);
    for (Map<String, String> vector : cases) {
      String canonical = RequestSignatures.canonical(vector.get("key_id"), vector.get("method"), vector.get("path"),
          body(vector), vector.get("timestamp"), vector.get("nonce"));
      assertThat(canonical).as(vector.get("name")).isEqualTo(vector.get("canonical"));
      assertThat(Base64.getEncoder().encodeToString(RequestSignatures.sign(Base64.getDecoder().decode(vector.get("key")),
          canonical))).as(vector.get("name")).isEqualTo(vector.get("signature"));
    }
  }

  @Test
  void everyVectorsRequestIsAcceptedAtItsTimeAndOnlyOnce() throws IOException {
    for (Map<String, String> vector : vectors()) {
      RequestSignatures signatures = signatures(vector);
      RequestSignatures.Headers headers = new RequestSignatures.Headers(vector.get("key_id"), vector.get("timestamp"),
          vector.get("nonce"), vector.get("signature"));
      assertThat(signatures.verify(vector.get("method"), vector.get("path"), body(vector), headers))
          .as(vector.get("name")).isEmpty();
      assertThat(signatures.verify(vector.get("method"), vector.get("path"), body(vector), headers))
          .map(ApiError::code).as(vector.get("name")).contains("replayed_request");
    }
  }

  private static byte[] body(Map<String, String> vector) {
    return vector.get("body").getBytes(StandardCharsets.UTF_8);
  }

  private static RequestSignatures signatures(Map<String, String> vector) {
    SigningConfig config = new SigningConfig() {
      @Override public Mode mode() { return Mode.REQUIRED; }
      @Override public Duration window() { return Duration.ofMinutes(2); }
      @Override public Map<String, String> keys() { return Map.of(vector.get("key_id"), vector.get("key")); }
      @Override public Optional<Path> keysFile() { return Optional.empty(); }
      @Override public List<String> paths() { return List.of("/access/v1/", "/v1/mcp/"); }
      @Override public int nonceCapacity() { return 100; }
    };
    Clock at = Clock.fixed(Instant.ofEpochSecond(Long.parseLong(vector.get("timestamp"))), ZoneOffset.UTC);
    return new RequestSignatures(config, new SimpleMeterRegistry(), at);
  }

  /** The vectors' cases, each a map of its string members. */
  static List<Map<String, String>> vectors() throws IOException {
    Json document = ((JsonReader.Parsed) new JsonReader(JsonReader.Limits.REQUEST)
        .read(Files.readString(VECTORS, StandardCharsets.UTF_8))).json();
    List<Map<String, String>> cases = new ArrayList<>();
    for (Json element : ((JsonArray) ((JsonObject) document).members().get("cases")).elements()) {
      Map<String, String> vector = new LinkedHashMap<>();
      ((JsonObject) element).members().forEach((name, value) -> vector.put(name, ((JsonString) value).value()));
      cases.add(vector);
    }
    return cases;
  }
}
