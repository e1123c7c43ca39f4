package dev.arbiter.pdp.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.pdp.audit.AuditConfig;
import dev.arbiter.pdp.security.AuthMode;
import dev.arbiter.pdp.signature.SigningConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each baseline item over the configurations that decide it, without a running service. */
class ChecksTest {
  private static final Set<String> MODERN = Set.of("TLSv1.3", "TLSv1.2");

  @ParameterizedTest(name = "{0} on {1}, key store {2}, plain HTTP {3}: {4}")
  @CsvSource({
      "no TLS,        127.0.0.1, false, TLSv1.3,         enabled,  WARN",
      "no TLS,        0.0.0.0,   false, TLSv1.3,         enabled,  FAIL",
      "TLS and HTTP,  10.0.0.5,  true,  TLSv1.3 TLSv1.2, enabled,  FAIL",
      "TLS and HTTP,  127.0.0.1, true,  TLSv1.3 TLSv1.2, enabled,  WARN",
      "redirect,      0.0.0.0,   true,  TLSv1.3 TLSv1.2, redirect, WARN",
      "TLS 1.1,       0.0.0.0,   true,  TLSv1.2 TLSv1.1, disabled, FAIL",
      "TLS only,      0.0.0.0,   true,  TLSv1.3 TLSv1.2, disabled, PASS",
      "TLS 1.3 only,  0.0.0.0,   true,  TLSv1.3,         disabled, PASS"})
  void tls(String what, String host, boolean keyStore, String protocols, String insecure, Status expected) {
    boolean loopback = host.startsWith("127.");
    BaselineItem item = Checks.tls(new Checks.Listener(host, loopback, keyStore, Set.of(protocols.split(" ")),
        insecure));
    assertThat(item.status()).as(item.message()).isEqualTo(expected);
    assertThat(item.id()).isEqualTo("tls");
  }

  @Test
  void tlsMessagesSayWhatToChange() {
    assertThat(Checks.tls(new Checks.Listener("0.0.0.0", false, false, MODERN, "enabled")).message())
        .isEqualTo("no TLS on 0.0.0.0: decisions, tokens and API keys cross the network in plain text; configure a"
            + " key store (quarkus.tls.key-store.*) and set quarkus.http.insecure-requests=disabled");
    assertThat(Checks.tls(new Checks.Listener("0.0.0.0", false, true, Set.of("TLSv1.2", "TLSv1", "TLSv1.1"),
        "disabled")).message())
        .isEqualTo("TLS allows TLSv1, TLSv1.1, which are broken: set quarkus.tls.protocols=TLSv1.3,TLSv1.2");
    assertThat(Checks.tls(new Checks.Listener("0.0.0.0", false, true, MODERN, "disabled")).message())
        .isEqualTo("TLS only (TLSv1.3, TLSv1.2); plain HTTP is off");
  }

  @Test
  void authNoneFailsEvenOnLoopback() {
    BaselineItem item = Checks.auth(callers(AuthMode.NONE, Map.of()), loopback());
    assertThat(item.status()).isEqualTo(Status.FAIL);
    assertThat(item.message()).startsWith("arbiter.auth.mode=none: every process that reaches 127.0.0.1 is every"
        + " role").endsWith("set arbiter.auth.mode to jwt, mtls or api-key");
    assertThat(Checks.adminRoles(callers(AuthMode.NONE, Map.of())).status()).isEqualTo(Status.FAIL);
  }

  @Test
  void authModesThatAuthenticatePass() {
    assertThat(Checks.auth(callers(AuthMode.JWT, Map.of()), loopback()).message())
        .isEqualTo("bearer JWTs of issuer https://idp.example.com for audience arbiter-pdp");
    assertThat(Checks.auth(callers(AuthMode.API_KEY, Map.of("pep", Set.of("pdp-client"))), loopback()).status())
        .isEqualTo(Status.PASS);
    assertThat(Checks.auth(callers(AuthMode.API_KEY, Map.of()), loopback()).status()).isEqualTo(Status.WARN);
    assertThat(Checks.auth(callers(AuthMode.MTLS, Map.of()), loopback()).status())
        .as("mtls without a key store refuses everyone").isEqualTo(Status.WARN);
    assertThat(Checks.auth(callers(AuthMode.MTLS, Map.of()), new Checks.Listener("0.0.0.0", false, true, MODERN,
        "disabled")).status()).isEqualTo(Status.PASS);
  }

  @Test
  void adminRolesNamePeopleAndCatchSharedCredentials() {
    BaselineItem separate = Checks.adminRoles(callers(AuthMode.API_KEY, Map.of("pep", Set.of("pdp-client"),
        "release", Set.of("policy-admin"), "ops", Set.of("auditor"))));
    assertThat(separate.status()).isEqualTo(Status.PASS);
    assertThat(separate.message()).isEqualTo("policy-admin: `release`; auditor: `ops`");

    BaselineItem nobody = Checks.adminRoles(callers(AuthMode.API_KEY, Map.of("pep", Set.of("pdp-client"))));
    assertThat(nobody.status()).isEqualTo(Status.WARN);
    assertThat(nobody.message()).startsWith("no API key holds policy-admin or auditor");

    BaselineItem shared = Checks.adminRoles(callers(AuthMode.API_KEY, Map.of("pep", Set.of("pdp-client",
        "policy-admin"))));
    assertThat(shared.status()).isEqualTo(Status.WARN);
    assertThat(shared.message()).startsWith("API key `pep` holds pdp-client together with policy-admin or"
        + " grant-issuer");

    BaselineItem everyCertificate = Checks.adminRoles(new Checks.Callers(AuthMode.MTLS, Map.of(),
        Set.of("pdp-client", "auditor"), "", Set.of(), "groups"));
    assertThat(everyCertificate.status()).isEqualTo(Status.FAIL);
    assertThat(everyCertificate.message()).startsWith("arbiter.auth.mtls.default-roles gives every trusted"
        + " certificate auditor");

    assertThat(Checks.adminRoles(callers(AuthMode.JWT, Map.of())).message())
        .isEqualTo("roles come from the JWT claim groups: the identity provider decides who holds policy-admin and"
            + " auditor");
  }

  @Test
  void auditAndMasking() {
    assertThat(Checks.audit(false, AuditConfig.Overflow.BACKPRESSURE, AuditConfig.Durability.ASYNC, "f").status())
        .isEqualTo(Status.FAIL);
    assertThat(Checks.audit(true, AuditConfig.Overflow.DROP, AuditConfig.Durability.ASYNC, "f").status())
        .isEqualTo(Status.WARN);
    assertThat(Checks.audit(true, AuditConfig.Overflow.BACKPRESSURE, AuditConfig.Durability.SYNC, "PostgreSQL")
        .message()).isEqualTo("every decision is recorded, hash-chained, in PostgreSQL (durability sync)");

    assertThat(Checks.auditMasking(true, List.of(), List.of(), true).status()).isEqualTo(Status.WARN);
    BaselineItem noKey = Checks.auditMasking(true, List.of("context.ip"), List.of(), false);
    assertThat(noKey.status()).isEqualTo(Status.WARN);
    assertThat(noKey.message()).startsWith("hashed: context.ip; but without arbiter.audit.masking-key");
    assertThat(Checks.auditMasking(true, List.of(), List.of("context.arguments.body"), false).status())
        .as("redacting needs no key").isEqualTo(Status.PASS);
    assertThat(Checks.auditMasking(true, List.of("context.ip"), List.of("context.arguments.body"), true).message())
        .isEqualTo("hashed: context.ip; redacted: context.arguments.body; masking key set");
    assertThat(Checks.auditMasking(false, List.of("context.ip"), List.of(), true).status()).isEqualTo(Status.WARN);
  }

  @Test
  void toolCatalog() {
    assertThat(Checks.toolCatalog(Optional.empty()).status()).isEqualTo(Status.WARN);
    assertThat(Checks.toolCatalog(Optional.of(new Checks.Catalog("hello", false, List.of()))).message())
        .startsWith("bundle hello declares no entity type tool");
    BaselineItem missing = Checks.toolCatalog(Optional.of(new Checks.Catalog("b", true, List.of(
        new Checks.Tool("read_file", true, Set.of("files:read")),
        new Checks.Tool("wire", false, Set.of("payments:write")),
        new Checks.Tool("shell", false, null),
        new Checks.Tool("mail", true, null)))));
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.message()).isEqualTo("bundle b: tools without risk: `shell`, `wire`; tools without"
        + " required_scopes: `mail`, `shell`; give every tool entity a risk and the scopes it needs in the bundle's"
        + " data, or policies that read them cannot decide");
    BaselineItem open = Checks.toolCatalog(Optional.of(new Checks.Catalog("b", true, List.of(
        new Checks.Tool("echo", true, Set.of())))));
    assertThat(open.status()).isEqualTo(Status.WARN);
    assertThat(open.message()).isEqualTo("bundle b: tools whose required_scopes is empty, so any caller's scopes"
        + " cover them: `echo`; name the scopes each needs");
    assertThat(Checks.toolCatalog(Optional.of(new Checks.Catalog("b", true, List.of(
        new Checks.Tool("read_file", true, Set.of("files:read")))))).message())
        .isEqualTo("bundle b: 1 tool, with a risk and required scopes");
  }

  @ParameterizedTest
  @CsvSource({"PT10M, PASS", "PT1H, PASS", "PT1H1S, WARN", "PT8H, WARN", "P1D, FAIL"})
  void grantTtl(Duration maxTtl, Status expected) {
    assertThat(Checks.grantTtl(maxTtl).status()).isEqualTo(expected);
  }

  @Test
  void rateLimits() {
    assertThat(Checks.rateLimits(List.of()).status()).isEqualTo(Status.WARN);
    assertThat(Checks.rateLimits(List.of(new Checks.RateLimit("idle", "subject", "tools/call", Optional.empty(),
        Optional.empty()))).message()).startsWith("rate limits without per-minute or per-hour count nothing: `idle`");
    assertThat(Checks.rateLimits(List.of(new Checks.RateLimit("reads", "subject", "resources/read", Optional.of(5),
        Optional.empty()))).message()).startsWith("no rate limit counts tools/call");
    BaselineItem set = Checks.rateLimits(List.of(new Checks.RateLimit("per-user", "subject-tool", "tools/call",
        Optional.of(60), Optional.of(1000))));
    assertThat(set.status()).isEqualTo(Status.PASS);
    assertThat(set.message()).isEqualTo("per-user (tools/call per subject-tool, 60/min, 1000/h)");
  }

  @Test
  void requestSigningAndEvents() {
    assertThat(Checks.requestSigning(SigningConfig.Mode.OFF, Duration.ofMinutes(2), List.of()).status())
        .isEqualTo(Status.WARN);
    assertThat(Checks.requestSigning(SigningConfig.Mode.OPTIONAL, Duration.ofMinutes(2), List.of()).status())
        .isEqualTo(Status.WARN);
    assertThat(Checks.requestSigning(SigningConfig.Mode.REQUIRED, Duration.ofMinutes(10), List.of()).status())
        .isEqualTo(Status.WARN);
    assertThat(Checks.requestSigning(SigningConfig.Mode.REQUIRED, Duration.ofMinutes(2),
        List.of("/access/v1/", "/v1/mcp/")).message()).isEqualTo("requests to /access/v1/, /v1/mcp/ must be signed,"
            + " within PT2M");

    assertThat(Checks.securityEvents(Optional.empty(), 3).status()).isEqualTo(Status.WARN);
    assertThat(Checks.securityEvents(Optional.of(URI.create("http://siem.example.com/hook?token=s3cret")), 3)
        .message()).isEqualTo("security events go to http://siem.example.com over plain HTTP; use an https webhook");
    BaselineItem https = Checks.securityEvents(Optional.of(URI.create("https://siem.example.com:8443/hook?t=x")), 2);
    assertThat(https.status()).isEqualTo(Status.PASS);
    assertThat(https.message()).isEqualTo("events of severity 1 to 2 are sent to https://siem.example.com:8443")
        .doesNotContain("t=x");
  }

  @Test
  void knownSecretsAreRecognizedWithoutEchoingThem() {
    assertThat(KnownSecrets.apiKeyHash("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
        .as("docs/service.md's sample hash, of `test`").isPresent();
    assertThat(KnownSecrets.apiKeyHash("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"))
        .as("the hash of the empty key, in capitals").isPresent();
    assertThat(KnownSecrets.apiKeyHash("sha256:" + "ab".repeat(32))).isEmpty();

    assertThat(KnownSecrets.hmacKey("c2l4dGVlbi1ieXRlcy1ub3QtZW5vdWdoLWJ1dC10aGlydHktdHdvLWlzIQ=="))
        .as("the audit tests' key, typed text").contains("is readable text, not random bytes");
    assertThat(KnownSecrets.hmacKey(Base64.getEncoder().encodeToString(new byte[32])))
        .contains("repeats too few byte values to be random");
    byte[] spread = new byte[32];
    spread[0] = (byte) 0x80; // not printable
    for (int i = 1; i < spread.length; i++) {
      spread[i] = (byte) (i * 37 + 11); // 31 distinct values besides, as random bytes would have
    }
    assertThat(KnownSecrets.hmacKey(spread)).isEmpty();

    assertThat(KnownSecrets.apiKeyHash("sha256:" + sha256("pep-test-key-4f1c2a")))
        .as("a key of this repository's tests").isPresent();
    assertThat(KnownSecrets.password("changeit")).contains("is a common word");
    assertThat(KnownSecrets.password("arbiter-test")).contains("is published in Arbiter's documentation or tests");
    assertThat(KnownSecrets.password(" Secret ")).isPresent();
    assertThat(KnownSecrets.password("  ")).contains("is empty");
    assertThat(KnownSecrets.password("kP9#vQ2!rT7w")).isEmpty();

    BaselineItem item = Checks.defaultSecrets(List.of("API key `pep` is the hash of a word"), 3);
    assertThat(item.status()).isEqualTo(Status.FAIL);
    assertThat(Checks.defaultSecrets(List.of(), 3).message())
        .isEqualTo("3 secrets checked: none is a sample, a common word, empty, or typed text");
  }

  @Test
  void scoreIsTheWeightedShareOfPassesWithHalfCreditForWarnings() {
    BaselineReport report = new BaselineReport(List.of(
        new BaselineItem("a", "A", Status.PASS, 3, "ok"),
        new BaselineItem("b", "B", Status.WARN, 2, "hm"),
        new BaselineItem("c", "C", Status.FAIL, 1, "no")), Instant.EPOCH, Optional.empty());
    assertThat(report.score()).isEqualTo(66); // (3 + 1) / 6, rounded down
    assertThat(report.result()).isEqualTo(Status.FAIL);
    assertThat(new BaselineReport(List.of(new BaselineItem("a", "A", Status.PASS, 3, "ok")), Instant.EPOCH,
        Optional.empty()).score()).isEqualTo(100);
    assertThat(new BaselineReport(List.of(new BaselineItem("a", "A", Status.PASS, 3, "ok"),
        new BaselineItem("b", "B", Status.WARN, 1, "hm")), Instant.EPOCH, Optional.empty()).result())
        .isEqualTo(Status.WARN);
    assertThat(report.toJson()).isEqualTo("{\"score\":66,\"result\":\"fail\",\"summary\":{\"pass\":1,\"warn\":1,"
        + "\"fail\":1},\"items\":[{\"id\":\"a\",\"title\":\"A\",\"status\":\"pass\",\"weight\":3,\"message\":\"ok\"},"
        + "{\"id\":\"b\",\"title\":\"B\",\"status\":\"warn\",\"weight\":2,\"message\":\"hm\"},{\"id\":\"c\","
        + "\"title\":\"C\",\"status\":\"fail\",\"weight\":1,\"message\":\"no\"}],\"revision\":null,"
        + "\"checked_at\":\"1970-01-01T00:00:00Z\"}");
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Checks.Callers callers(AuthMode mode, Map<String, Set<String>> named) {
    return new Checks.Callers(mode, named, Set.of("pdp-client"), "https://idp.example.com", Set.of("arbiter-pdp"),
        "groups");
  }

  private static Checks.Listener loopback() {
    return new Checks.Listener("127.0.0.1", true, false, MODERN, "enabled");
  }
}
