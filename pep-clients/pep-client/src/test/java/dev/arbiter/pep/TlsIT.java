package dev.arbiter.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pep.Endpoint.Protocol;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code grpcs://} and {@code https://} with a client certificate (mutual TLS), through a TLS
 * terminator that requires one, in front of the real PDP.
 *
 * <p>Why not the PDP's own {@code arbiter.auth.mode=mtls}: the packaged PDP cannot be made to ask
 * for client certificates. {@code quarkus.http.ssl.client-auth} is fixed when the jar is built (to
 * {@code NONE}), so setting it when starting the jar has no effect (the PDP logs a warning), and a
 * client that is never asked for its certificate gets 401. The terminator here checks the
 * certificate as the PDP would, so these tests show that the client presents it and checks the
 * server's.
 */
class TlsIT {
  private static final char[] PASSWORD = "pep-test".toCharArray();
  static Path certificates;
  static PdpProcess pdp;
  static TcpProxy terminator;

  @BeforeAll
  static void start() throws Exception {
    Path directory = Files.createTempDirectory("pep-tls");
    certificates = Files.createDirectory(directory.resolve("certs"));
    new CertificateGenerator(certificates, true).generate(new CertificateRequest().withName("pdp").withCN("localhost")
        .withPassword(new String(PASSWORD)).withFormat(Format.PKCS12).withClientCertificate());
    pdp = PdpProcess.start("tls", TestBundle.copyTo(Files.createDirectory(directory.resolve("bundle"))), Map.of());
    terminator = new TcpProxy(pdp.port(), context("pdp-keystore.p12", "pdp-server-truststore.p12"));
  }

  @AfterAll
  static void stop() throws Exception {
    terminator.close();
    pdp.close();
  }

  private static PdpClient client(Protocol protocol, Tls tls) {
    String address = (protocol == Protocol.GRPC ? "grpcs" : "https") + "://localhost:" + terminator.port();
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
      DecisionsIT.awaitRevision(client, java.util.Optional.empty());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void withoutAClientCertificateOrTrustInTheServerTheClientDenies(Protocol protocol) {
    try (PdpClient noCertificate = client(protocol, trust());
        PdpClient noTrust = client(protocol, Tls.systemTrust()
            .withClientPkcs12(certificates.resolve("pdp-client-keystore.p12"), PASSWORD))) {
      for (PdpClient client : java.util.List.of(noCertificate, noTrust)) {
        assertThat(client.evaluate(TestBundle.request("viewer", "read", "plan")))
            .isInstanceOfSatisfying(Decision.Deny.class, deny -> {
              assertThat(deny.reason()).as(deny.message()).isEqualTo(DenyReason.PDP_UNAVAILABLE);
              assertThat(deny.source()).isEqualTo(Source.NONE);
            });
      }
    }
  }

  private static SSLContext context(String keyStore, String trustStore) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keyStore), PASSWORD);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(trustStore));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(String file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certificates.resolve(file))) {
      store.load(in, PASSWORD);
    }
    return store;
  }
}
