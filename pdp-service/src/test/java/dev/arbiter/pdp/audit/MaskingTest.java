package dev.arbiter.pdp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arbiter.audit.CanonicalJson;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Sensitive request attributes are replaced before a record exists, wherever they would show. */
class MaskingTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Optional<String> BASE64_KEY = Optional.of(Base64.getEncoder().encodeToString(KEY));

  private static final JsonObject REQUEST = json("""
      {"subject": {"type": "identity", "id": "bob", "properties": {"email": "bob@example.com", "tenant": "acme"}},
       "action": {"name": "tools/call"},
       "resource": {"type": "tool", "id": "send_email"},
       "context": {"ip": "203.0.113.7", "arguments": {"to": "eve@example.com", "body": {"text": "the secret plan"}},
                   "untrusted_subject": {"email": "bob@home.example"}}}""");

  private final Masking masking = Masking.of(List.of("subject.properties.email", "context.ip"),
      List.of("context.arguments.body"), BASE64_KEY);

  @Test
  void hashedValuesAreTheHmacOfTheirCanonicalJsonUnderTheKey() throws Exception {
    Masking.Masked masked = masking.mask(REQUEST);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal("\"bob@example.com\"".getBytes(StandardCharsets.UTF_8)));
    String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KEY), 0, 4);
    assertThat(text(masked.request(), "subject", "properties", "email"))
        .isEqualTo("hmac-sha256:" + keyId + ":" + expected);
    assertThat(text(masked.request(), "subject", "properties", "tenant")).as("not configured").isEqualTo("acme");
    assertThat(text(masked.request(), "context", "ip")).startsWith("hmac-sha256:" + keyId + ":");
  }

  @Test
  void aNoteMasksAValueAsTheRequestAttributeItStandsForAndHashesItAsDecisionsDo() {
    Masking.Note note = masking.note();
    String network = note.attribute("context.ip", "203.0.113.7");
    assertThat(network).isEqualTo(text(masking.mask(REQUEST).request(), "context", "ip"))
        .as("the same key and encoding as in the decision record").startsWith("hmac-sha256:");
    assertThat(note.attribute("context.arguments.body.text", "the secret plan")).as("inside a redacted object")
        .isEqualTo("[redacted]");
    assertThat(note.attribute("context.session", "s-42")).as("not configured").isEqualTo("s-42");
    assertThat(note.attribute("subject.id", "bob")).as("an id is never masked").isEqualTo("bob");
    assertThat(note.text("blocked 203.0.113.7 while it sent the secret plan"))
        .isEqualTo("blocked " + network + " while it sent [redacted]");
    assertThat(note.masked()).containsExactly("context.ip", "context.arguments.body.text");
    assertThat(masking.note().text("203.0.113.7")).as("each note masks only what it met").isEqualTo("203.0.113.7");
  }

  @Test
  void redactedValuesAreReplacedWhole() {
    Masking.Masked masked = masking.mask(REQUEST);
    assertThat(text(masked.request(), "context", "arguments", "body")).isEqualTo("[redacted]");
    assertThat(text(masked.request(), "context", "arguments", "to")).isEqualTo("eve@example.com");
  }

  @Test
  void aSubjectPropertyIsMaskedWhereATokenMovedTheCallersCopyToo() {
    Masking.Masked masked = masking.mask(REQUEST);
    assertThat(text(masked.request(), "context", "untrusted_subject", "email")).startsWith("hmac-sha256:");
    assertThat(masked.paths()).containsExactly("subject.properties.email", "context.untrusted_subject.email",
        "context.ip", "context.arguments.body");
  }

  @Test
  void noSensitiveTextIsLeftAnywhereInTheMaskedRequest() {
    String encoded = new String(CanonicalJson.encode(masking.mask(REQUEST).request()), StandardCharsets.UTF_8);
    assertThat(encoded).doesNotContain("bob@example.com", "bob@home.example", "203.0.113.7", "the secret plan")
        .contains("eve@example.com", "acme");
  }

  @Test
  void equalValuesHashEquallySoAnAuditorCanFollowThem() {
    String first = text(masking.mask(REQUEST).request(), "context", "ip");
    String again = text(masking.mask(REQUEST).request(), "context", "ip");
    String otherKey = text(Masking.of(List.of("context.ip"), List.of(), Optional.of(Base64.getEncoder()
        .encodeToString("another key of at least 32 bytes!".getBytes(StandardCharsets.US_ASCII)))).mask(REQUEST)
        .request(), "context", "ip");
    assertThat(again).isEqualTo(first);
    assertThat(otherKey).isNotEqualTo(first);
  }

  @Test
  void obligationsAndErrorsQuotingAMaskedValueAreMaskedToo() {
    Masking.Masked masked = masking.mask(REQUEST);
    Json obligation = json("{\"notify\": {\"to\": \"bob@example.com\", \"text\": \"the secret plan\", \"n\": 1}}");
    String scrubbed = new String(CanonicalJson.encode(masked.scrub(obligation)), StandardCharsets.UTF_8);
    assertThat(scrubbed).doesNotContain("bob@example.com", "the secret plan").contains("hmac-sha256:", "[redacted]");
    assertThat(masked.scrub("mcp/notify: cannot send to bob@example.com from 203.0.113.7"))
        .doesNotContain("bob@example.com", "203.0.113.7").startsWith("mcp/notify: cannot send to hmac-sha256:");
  }

  @Test
  void pathsThatAreNotAttributesOrAreIdsAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> Masking.of(List.of("email"), List.of(), BASE64_KEY))
        .withMessageContaining("`email` is not a request attribute path");
    assertThatIllegalArgumentException().isThrownBy(() -> Masking.of(List.of("context..ip"), List.of(), BASE64_KEY))
        .withMessageContaining("is not a request attribute path");
    assertThatIllegalArgumentException().isThrownBy(() -> Masking.of(List.of(), List.of("subject.id"), BASE64_KEY))
        .withMessageContaining("arbiter.audit.redacted: `subject.id` is an id");
  }

  @Test
  void aShortOrMalformedKeyIsRefusedAndNoKeyMeansARandomOne() {
    assertThatIllegalArgumentException().isThrownBy(() -> Masking.of(List.of(), List.of(),
        Optional.of(Base64.getEncoder().encodeToString(new byte[16])))).withMessageContaining("at least 32 bytes");
    assertThatIllegalArgumentException().isThrownBy(() -> Masking.of(List.of(), List.of(), Optional.of("not base64!")))
        .withMessageContaining("must be base64");
    Masking random = Masking.of(List.of("context.ip"), List.of(), Optional.empty());
    assertThat(random.hashesWithGeneratedKey()).isTrue();
    assertThat(Masking.of(List.of(), List.of("context.ip"), Optional.empty()).hashesWithGeneratedKey())
        .as("redacting needs no key").isFalse();
    assertThat(text(random.mask(REQUEST).request(), "context", "ip"))
        .isNotEqualTo(text(Masking.of(List.of("context.ip"), List.of(), Optional.empty()).mask(REQUEST).request(),
            "context", "ip"));
  }

  private static String text(JsonObject root, String... path) {
    Json node = root;
    for (String key : path) {
      node = ((JsonObject) node).members().get(key);
    }
    return ((Json.JsonString) node).value();
  }

  static JsonObject json(String text) {
    return (JsonObject) ((JsonReader.Parsed) new JsonReader(JsonReader.Limits.REQUEST).read(text)).json();
  }
}
