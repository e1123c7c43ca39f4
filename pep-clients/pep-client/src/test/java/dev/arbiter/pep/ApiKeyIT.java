package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A PDP with {@code arbiter.auth.mode=api-key}: the client's key opens it, over both protocols and the revision stream. */
class ApiKeyIT {
  private static final String KEY = "pep-test-key-4f1c2a";
  static PdpProcess pdp;

  @BeforeAll
  static void startPdp() throws Exception {
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(KEY.getBytes(StandardCharsets.UTF_8)));
    pdp = PdpProcess.start("api-key", TestBundle.copyTo(Files.createTempDirectory("pep-api-key")), Map.of(
        "arbiter.auth.mode", "api-key",
        "arbiter.auth.api-keys.pep.hash", "sha256:" + hash,
        "arbiter.auth.api-keys.pep.roles", "pdp-client"));
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
  void theRightKeyIsServed(Protocol protocol) throws Exception {
    try (PdpClient client = client(protocol, Credentials.apiKey(KEY))) {
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")).permitted()).isTrue();
      assertThat(client.evaluateAll(java.util.List.of(TestBundle.request("viewer", "read", "other"))))
          .singleElement().satisfies(decision -> assertThat(decision.permitted()).isTrue());
      DecisionsIT.awaitRevision(client, java.util.Optional.empty());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aWrongOrMissingKeyIsADenyThatSaysWhy(Protocol protocol) {
    try (PdpClient wrong = client(protocol, Credentials.apiKey("not-the-key"));
        PdpClient none = client(protocol, Credentials.none())) {
      Decision.Deny refused = (Decision.Deny) wrong.evaluate(TestBundle.request("viewer", "read", "plan"));
      assertThat(refused.reason()).isEqualTo(DenyReason.CALLER_REJECTED);
      assertThat(refused.message()).contains("the API key is not accepted");

      Decision.Deny anonymous = (Decision.Deny) none.evaluate(TestBundle.request("viewer", "read", "plan"));
      assertThat(anonymous.reason()).isEqualTo(DenyReason.CALLER_REJECTED);
      assertThat(wrong.breakerState()).as("a refusal is an answer, not a failure").isEqualTo(BreakerState.CLOSED);
    }
  }
}
