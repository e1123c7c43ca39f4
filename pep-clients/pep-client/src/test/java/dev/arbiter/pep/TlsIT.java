package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code grpcs://} and {@code https://} with a client certificate against the packaged PDP in
 * {@code arbiter.auth.mode=mtls}, configured only when it starts, as the docs show: the trusted
 * certificate is the caller; no certificate, a certificate from another CA, or a server the client
 * does not trust all end in a deny.
 */
class TlsIT {
  private static final char[] PASSWORD = "pep-test".toCharArray();
  static Path certificates;
  static PdpProcess pdp;
  static int tlsPort;

  @BeforeAll
  static void start() throws Exception {
    Path directory = Files.createTempDirectory("pep-tls");
    certificates = Files.createDirectory(directory.resolve("certs"));
    CertificateGenerator generator = new CertificateGenerator(certificates, true);
    for (String name : List.of("pdp", "stranger")) {
      generator.generate(new CertificateRequest().withName(name).withCN("localhost")
          .withPassword(new String(PASSWORD)).withFormat(Format.PKCS12).withClientCertificate());
    }
    tlsPort = PdpProcess.freePort();
    pdp = PdpProcess.start("tls", TestBundle.copyTo(Files.createDirectory(directory.resolve("bundle"))), Map.of(
        "arbiter.auth.mode", "mtls",
        "quarkus.http.ssl-port", String.valueOf(tlsPort),
        "quarkus.tls.key-store.p12.path", certificates.resolve("pdp-keystore.p12").toString(),
        "quarkus.tls.key-store.p12.password", new String(PASSWORD),
        "quarkus.tls.trust-store.p12.path", certificates.resolve("pdp-server-truststore.p12").toString(),
        "quarkus.tls.trust-store.p12.password", new String(PASSWORD)));
  }

  @AfterAll
  static void stop() {
    pdp.close();
  }

  private static PdpClient client(Protocol protocol, Tls tls) {
    String address = (protocol == Protocol.GRPC ? "grpcs" : "https") + "://localhost:" + tlsPort;
    return PdpClient.builder(address).tls(tls).obligationHandlers(TestBundle.OBLIGATIONS)
        .deadline(Duration.ofSeconds(10)).build();
  }

  private static Tls trust() {
    return Tls.trustPkcs12(certificates.resolve("pdp-client-truststore.p12"), PASSWORD);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aClientWithItsCertificateIsServed(Protocol protocol) throws Exception {
    Tls tls = trust().withClientPkcs12(certificates.resolve("pdp-client-keystore.p12"), PASSWORD);
    try (PdpClient client = client(protocol, tls)) {
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")).permitted()).isTrue();
      assertThat(client.evaluate(TestBundle.request("viewer", "delete", "plan")).permitted()).isFalse();
      DecisionsIT.awaitRevision(client, Optional.empty());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void withoutAClientCertificateThePdpRefusesTheCaller(Protocol protocol) {
    try (PdpClient client = client(protocol, trust())) {
      assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")))
          .isInstanceOfSatisfying(Decision.Deny.class, deny -> {
            assertThat(deny.reason()).as(deny.message()).isEqualTo(DenyReason.CALLER_REJECTED);
            assertThat(deny.source()).isEqualTo(Source.NONE);
          });
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aCertificateFromAnotherCaOrAnUntrustedServerNeverGetsAnAnswer(Protocol protocol) {
    try (PdpClient stranger = client(protocol, trust()
            .withClientPkcs12(certificates.resolve("stranger-client-keystore.p12"), PASSWORD));
        PdpClient noTrust = client(protocol, Tls.systemTrust()
            .withClientPkcs12(certificates.resolve("pdp-client-keystore.p12"), PASSWORD))) {
      for (PdpClient client : List.of(stranger, noTrust)) {
        assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")))
            .isInstanceOfSatisfying(Decision.Deny.class, deny -> {
              assertThat(deny.reason()).as(deny.message()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
              assertThat(deny.source()).isEqualTo(Source.NONE);
            });
      }
    }
  }

  /** Plain HTTP still answers health checks, but carries no certificate, so no decisions. */
  @Test
  void plainHttpGetsNoDecision() throws Exception {
    HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + pdp.port() + "/access/v1/evaluation"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"subject": {"type": "user", "id": "ana", "properties": {"role": "viewer"}},
             "action": {"name": "read"}, "resource": {"type": "document", "id": "plan"}}"""))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Mutual-TLS");
  }
}
