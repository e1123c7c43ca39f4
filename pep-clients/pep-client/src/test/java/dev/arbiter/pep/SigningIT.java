package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PDP with {@code arbiter.request-signing.mode=required}: the client's signed requests are
 * served, unsigned or wrongly signed ones are refused, and a signed request captured on the wire
 * and sent again is refused as a replay.
 */
class SigningIT {
  private static final byte[] KEY = randomKey();
  static PdpProcess pdp;

  @BeforeAll
  static void startPdp() throws Exception {
    pdp = PdpProcess.start("signing", TestBundle.copyTo(Files.createTempDirectory("pep-signing")), Map.of(
        "arbiter.request-signing.mode", "required",
        "arbiter.request-signing.keys.pep-a", Base64.getEncoder().encodeToString(KEY)));
  }

  @AfterAll
  static void stopPdp() {
    pdp.close();
  }

  @Test
  void signedRequestsAreServed() {
    try (PdpClient client = pdp.client(Protocol.HTTP).signing("pep-a", KEY).cache(CachePolicy.disabled()).build()) {
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")).permitted()).isTrue();
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")).permitted())
          .as("the same request again: a new nonce").isTrue();
      assertThat(client.evaluateAll(List.of(TestBundle.request("viewer", "read", "a"),
          TestBundle.request("editor", "delete", "b")))).extracting(Decision::permitted).containsExactly(true, false);
    }
  }

  @Test
  void unsignedAndWronglySignedRequestsAreADenyThatSaysWhy() {
    try (PdpClient unsigned = pdp.client(Protocol.HTTP).build();
        PdpClient wrongKey = pdp.client(Protocol.HTTP).signing("pep-a", randomKey()).build();
        PdpClient unknownKey = pdp.client(Protocol.HTTP).signing("pep-z", KEY).build()) {
      assertRefused(unsigned, "signature_required");
      assertRefused(wrongKey, "signature_invalid");
      assertRefused(unknownKey, "unknown_signing_key");
      assertThat(unsigned.breakerState()).as("a refusal is an answer, not a failure").isEqualTo(BreakerState.CLOSED);
    }
  }

  @Test
  void aSignedRequestCapturedOnTheWireAndSentAgainIsRefused() throws Exception {
    try (TcpProxy wire = new TcpProxy(pdp.port());
        PdpClient client = PdpClient.builder(wire.address(Protocol.HTTP)).obligationHandlers(TestBundle.OBLIGATIONS)
            .deadline(java.time.Duration.ofSeconds(10)).watchRevisions(false).signing("pep-a", KEY).build()) {
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "captured")).permitted()).isTrue();
      byte[] captured = wire.sent();
      assertThat(new String(captured, StandardCharsets.UTF_8)).startsWith("POST /access/v1/evaluation HTTP/1.1")
          .containsIgnoringCase("X-Arbiter-Signature: ");

      String replayed = send(captured);
      assertThat(replayed).startsWith("HTTP/1.1 401").contains("\"replayed_request\"");
    }
  }

  private static void assertRefused(PdpClient client, String code) {
    Decision decision = client.evaluate(TestBundle.request("viewer", "read", "plan"));
    assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
      assertThat(deny.reason()).isEqualTo(DenyReason.CALLER_REJECTED);
      assertThat(deny.source()).isEqualTo(Source.NONE);
      assertThat(deny.message()).contains("answered HTTP 401 (" + code + ")");
    });
  }

  /** Sends raw bytes to the PDP on a connection of their own and returns its answer (head and body). */
  private static String send(byte[] request) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), pdp.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        String text = answer.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          Matcher length = Pattern.compile("(?i)content-length: *([0-9]+)").matcher(text.substring(0, headEnd));
          if (!length.find() || answer.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
            return text;
          }
        }
        int read = in.read(buffer);
        if (read < 0) {
          return answer.toString(StandardCharsets.UTF_8);
        }
        answer.write(buffer, 0, read);
      }
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
