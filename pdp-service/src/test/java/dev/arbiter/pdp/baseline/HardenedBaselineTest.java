package dev.arbiter.pdp.baseline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.arbiter.cli.ArbiterCli;
import dev.arbiter.pdp.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A configuration that meets the baseline: TLS only, API keys with separate admin and auditor keys,
 * masked audit, rate limits, short grants, required signing with random keys, an event webhook and
 * the shipped tool catalog. Every item passes, only admins and auditors may ask, and {@code arbiter
 * baseline} reads the report over TLS with the server's certificate as its trust anchor.
 */
@QuarkusTest
@TestProfile(HardenedBaselineTest.Hardened.class)
class HardenedBaselineTest {
  static final Path DIRECTORY = Path.of("target", "baseline-certs").toAbsolutePath();

  /**
   * Drawn at random on first use and kept in system properties, which the profile (in Quarkus'
   * class loader) and the test share: none of them is written anywhere, so none is a known secret.
   */
  static String secret(String name, int bytes) {
    synchronized (System.getProperties()) {
      String property = "baseline-test." + name;
      String value = System.getProperty(property);
      if (value == null) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        value = Base64.getEncoder().encodeToString(random);
        System.setProperty(property, value);
      }
      return value;
    }
  }

  static String pepKey() {
    return secret("pep", 32);
  }

  static String adminKey() {
    return secret("admin", 32);
  }

  static String auditorKey() {
    return secret("auditor", 32);
  }

  public static class Hardened implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String password = secret("store-password", 18);
      try {
        Files.createDirectories(DIRECTORY);
        new CertificateGenerator(DIRECTORY, true).generate(new CertificateRequest().withName("baseline")
            .withCN("localhost").withPassword(password).withFormat(Format.PKCS12));
      } catch (Exception e) {
        throw new IllegalStateException("cannot make test certificates", e);
      }
      Map<String, String> config = new HashMap<>();
      config.put("arbiter.policies.dir", "../policies");
      config.put("arbiter.audit.file", Path.of("target", "audit-tests", "baseline-hardened-"
          + ProcessHandle.current().pid() + ".jsonl").toAbsolutePath().toString());
      config.put("quarkus.tls.key-store.p12.path", DIRECTORY.resolve("baseline-keystore.p12").toString());
      config.put("quarkus.tls.key-store.p12.password", password);
      config.put("quarkus.http.insecure-requests", "disabled");
      config.put("quarkus.http.test-ssl-port", "0");
      config.put("arbiter.auth.mode", "api-key");
      config.put("arbiter.auth.api-keys.files-server.hash", hash(pepKey()));
      config.put("arbiter.auth.api-keys.release.hash", hash(adminKey()));
      config.put("arbiter.auth.api-keys.release.roles", Roles.POLICY_ADMIN);
      config.put("arbiter.auth.api-keys.secops.hash", hash(auditorKey()));
      config.put("arbiter.auth.api-keys.secops.roles", Roles.AUDITOR);
      config.put("arbiter.audit.sensitive", "subject.properties.email,context.ip");
      config.put("arbiter.audit.redacted", "context.arguments.body");
      config.put("arbiter.audit.masking-key", secret("masking-key", 32));
      config.put("arbiter.rate-limits.per-user-tool.key", "subject-tool");
      config.put("arbiter.rate-limits.per-user-tool.per-minute", "60");
      config.put("arbiter.rate-limits.per-user-tool.per-hour", "1000");
      config.put("arbiter.grants.max-ttl", "PT15M");
      config.put("arbiter.request-signing.mode", "required");
      config.put("arbiter.request-signing.keys.pep", secret("signing-key", 32));
      config.put("arbiter.events.webhook.url", "https://127.0.0.1:9/arbiter-events");
      return config;
    }
  }

  @Test
  void everyItemPasses() {
    JsonPath report = as(auditorKey()).get("/admin/v1/baseline").then().statusCode(200).extract().jsonPath();
    assertThat(report.getList("items.status")).as(report.prettify()).containsOnly("pass").hasSize(11);
    assertThat(report.getInt("score")).isEqualTo(100);
    assertThat(report.getString("result")).isEqualTo("pass");
    Map<String, String> messages = new HashMap<>();
    for (Map<String, Object> item : report.<Map<String, Object>>getList("items")) {
      messages.put((String) item.get("id"), (String) item.get("message"));
    }
    assertThat(messages.get("tls")).isEqualTo("TLS only (TLSv1.3, TLSv1.2); plain HTTP is off");
    assertThat(messages.get("admin-roles")).isEqualTo("policy-admin: `release`; auditor: `secops`");
    assertThat(messages.get("tool-catalog")).isEqualTo("bundle arbiter-mcp: 8 tools, each with a risk and required"
        + " scopes");
    assertThat(messages.get("default-secrets")).isEqualTo("6 secrets checked: none is a sample, a common word,"
        + " empty, or typed text");
    assertThat(messages.get("security-events")).isEqualTo("events of severity 1 to 3 are sent to https://127.0.0.1:9");
  }

  @Test
  void onlyPolicyAdminsAndAuditorsMayAsk() {
    https().get("/admin/v1/baseline").then().statusCode(401).body("code", equalTo("unauthenticated"));
    as("not-a-key").get("/admin/v1/baseline").then().statusCode(401).body("code", equalTo("unauthenticated"));
    as(pepKey()).get("/admin/v1/baseline").then().statusCode(403).body("code", equalTo("forbidden"))
        .body("message", equalTo("the caller's roles do not allow this endpoint"));
    as(adminKey()).get("/admin/v1/baseline").then().statusCode(200).body("result", equalTo("pass"));
    as(auditorKey()).get("/admin/v1/baseline").then().statusCode(200).body("result", equalTo("pass"));
  }

  @Test
  void theCommandLineReadsTheReportOverTls() throws Exception {
    Path anchor = DIRECTORY.resolve("baseline-server.pem");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(DIRECTORY.resolve("baseline-truststore.p12"))) {
      trust.load(in, secret("store-password", 18).toCharArray());
    }
    StringBuilder pem = new StringBuilder();
    for (String alias : Collections.list(trust.aliases())) {
      Certificate certificate = trust.getCertificate(alias);
      pem.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
              certificate.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    Files.writeString(anchor, pem);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ArbiterCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "baseline",
        "--url", "https://localhost:" + sslPort(), "--api-key", auditorKey(), "--cacert", anchor.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("PASS  tls              TLS only (TLSv1.3, TLSv1.2); plain HTTP is off\n")
        .endsWith("score 100/100: 11 pass, 0 warn, 0 fail\n");

    StringWriter refused = new StringWriter();
    exit = ArbiterCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(refused, true), "baseline",
        "--url", "https://localhost:" + sslPort(), "--api-key", pepKey(), "--cacert", anchor.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(refused.toString()).contains("403").contains("policy-admin or auditor");
  }

  private static int sslPort() {
    return ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
  }

  private static RequestSpecification https() {
    return given().relaxedHTTPSValidation().baseUri("https://localhost").port(sslPort());
  }

  private static RequestSpecification as(String key) {
    return https().header("X-API-Key", key);
  }

  static String hash(String key) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
