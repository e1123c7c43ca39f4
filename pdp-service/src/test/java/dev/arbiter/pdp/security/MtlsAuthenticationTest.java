package dev.arbiter.pdp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Callers with TLS client certificates, with the TLS settings the packaged jar is built with: one
 * signed by the trusted CA is served with the default role; one from another CA never gets past the
 * handshake; a caller without one gets a 401. TLS 1.3 is negotiated.
 */
@QuarkusTest
@TestProfile(MtlsAuthenticationTest.Certificates.class)
class MtlsAuthenticationTest {
  static final Path DIRECTORY = Path.of("target", "test-certs").toAbsolutePath();
  static final String PASSWORD = "arbiter-test";

  public static class Certificates implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Files.createDirectories(DIRECTORY);
        CertificateGenerator generator = new CertificateGenerator(DIRECTORY, true);
        generator.generate(new CertificateRequest().withName("pdp").withCN("localhost").withPassword(PASSWORD)
            .withFormat(Format.PKCS12).withClientCertificate());
        generator.generate(new CertificateRequest().withName("stranger").withCN("localhost").withPassword(PASSWORD)
            .withFormat(Format.PKCS12).withClientCertificate());
      } catch (Exception e) {
        throw new IllegalStateException("cannot make test certificates", e);
      }
      Map<String, String> config = new HashMap<>();
      config.put("arbiter.policies.dir", "../policies/examples/hello");
      config.put("arbiter.auth.mode", "mtls");
      config.put("quarkus.http.insecure-requests", "disabled");
      config.put("quarkus.tls.key-store.p12.path", DIRECTORY.resolve("pdp-keystore.p12").toString());
      config.put("quarkus.tls.key-store.p12.password", PASSWORD);
      config.put("quarkus.tls.trust-store.p12.path", DIRECTORY.resolve("pdp-server-truststore.p12").toString());
      config.put("quarkus.tls.trust-store.p12.password", PASSWORD);
      return config;
    }
  }

  static final String REQUEST = """
      {"subject": {"type": "user", "id": "ana", "properties": {"team": "blue"}},
       "action": {"name": "write"}, "resource": {"type": "document", "id": "plan", "properties": {"team": "blue"}}}""";

  static HttpClient client(String clientKeyStore) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    KeyManagerFactory keys = null;
    if (clientKeyStore != null) {
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(clientKeyStore), PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load("pdp-client-truststore.p12"));
    tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3"});
    return HttpClient.newBuilder().sslContext(tls).sslParameters(parameters).build();
  }

  static KeyStore load(String file) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(DIRECTORY.resolve(file))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  static HttpResponse<String> send(HttpClient client, String path, String body) throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path));
    request = body == null ? request.GET()
        : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTrustedClientCertificateIsServedWithTheDefaultRole() throws Exception {
    HttpClient trusted = client("pdp-client-keystore.p12");
    HttpResponse<String> decision = send(trusted, "/access/v1/evaluation", REQUEST);
    assertThat(decision.statusCode()).as(decision.body()).isEqualTo(200);
    assertThat(decision.body()).startsWith("{\"decision\":true");
    assertThat(decision.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    // the default role is pdp-client only
    assertThat(send(trusted, "/v1/admin/status", null).statusCode()).isEqualTo(403);
  }

  @Test
  void aCertificateFromAnotherCaIsRejected() {
    assertThatThrownBy(() -> send(client("stranger-client-keystore.p12"), "/access/v1/evaluation", REQUEST))
        .isInstanceOf(IOException.class);
  }

  @Test
  void noClientCertificateGetsA401() throws Exception {
    HttpResponse<String> refused = send(client(null), "/access/v1/evaluation", REQUEST);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).startsWith("{\"code\":\"unauthenticated\"");
    assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Mutual-TLS");
  }
}
