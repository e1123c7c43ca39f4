package dev.arbiter.pdp.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/arbiter baseline} against the packaged service, both in processes of their own, as an
 * operator or a CI job runs them: the service on loopback with API keys and otherwise the shipped
 * defaults, which warn (no TLS, no masking, no rate limits, no signing, no webhook) but fail nothing.
 */
class BaselineCliIT {
  private static final Path ARBITER = PackagedService.REPOSITORY.resolve("bin/arbiter");
  private static final Path CLI_JAR = PackagedService.REPOSITORY.resolve("policy-dsl/target/arbiter-cli.jar");
  private static final String AUDITOR_KEY = HexFormat.of().formatHex(random(32));
  private static final String PEP_KEY = HexFormat.of().formatHex(random(32));

  private static Process service;
  private static int port;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    assertThat(CLI_JAR).as("run ./mvnw package -pl policy-dsl -am first").exists();
    port = PackagedService.freePort();
    service = PackagedService.start(List.of("-Dquarkus.http.port=" + port, "-Darbiter.audit.file="
        + Path.of("target", "audit", "baseline-cli.jsonl").toAbsolutePath(), "-Darbiter.auth.mode=api-key",
        "-Darbiter.auth.api-keys.files-server.hash=" + hash(PEP_KEY),
        "-Darbiter.auth.api-keys.secops.hash=" + hash(AUDITOR_KEY),
        "-Darbiter.auth.api-keys.secops.roles=auditor"), null);
    PackagedService.awaitReady(HttpClient.newHttpClient(), port, service);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (service != null) {
      service.destroy();
      service.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theDefaultsOnLoopbackWarnButFailNothing() throws Exception {
    Run run = arbiter(Map.of(), "--url", url(), "--api-key", AUDITOR_KEY);
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(12);
    assertThat(lines.subList(0, 11).stream()
        .map(line -> line.substring(0, line.indexOf(' ', 6)).replaceAll(" +", " ")).toList())
        .containsExactly("WARN tls", "PASS auth", "PASS admin-roles", "PASS audit", "WARN audit-masking",
            "PASS tool-catalog", "PASS grant-ttl", "WARN rate-limits", "PASS default-secrets", "WARN request-signing",
            "WARN security-events");
    assertThat(lines.get(0)).endsWith("no TLS: plain HTTP, but on loopback only (127.0.0.1), which is fine for"
        + " development; before listening on other interfaces, configure a key store (quarkus.tls.key-store.*) and"
        + " set quarkus.http.insecure-requests=disabled");
    assertThat(lines.get(2)).endsWith("policy-admin: nobody; auditor: `secops`");
    assertThat(lines.get(5)).endsWith("bundle arbiter-mcp: 8 tools, each with a risk and required scopes");
    // weights 3 3 2 2 1 2 1 1 3 1 1; each warning earns half: 16.5 of 20
    assertThat(lines.getLast()).isEqualTo("score 82/100: 6 pass, 5 warn, 0 fail");
  }

  @Test
  void failOnWarnMakesWarningsFailAndTheKeyMayComeFromTheEnvironment() throws Exception {
    Run run = arbiter(Map.of("ARBITER_API_KEY", AUDITOR_KEY), "--url", url(), "--fail-on", "warn");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).endsWith("score 82/100: 6 pass, 5 warn, 0 fail\n");
  }

  @Test
  void callersWithoutTheRoleAreRefusedWithExitTwo() throws Exception {
    Run anonymous = arbiter(Map.of(), "--url", url());
    assertThat(anonymous.exitCode()).isEqualTo(2);
    assertThat(anonymous.out()).isEmpty();
    assertThat(anonymous.err()).contains("refused the request (401 unauthenticated: this endpoint needs"
        + " credentials): give --api-key or --token of a caller with the role policy-admin or auditor");

    Run client = arbiter(Map.of(), "--url", url(), "--api-key", PEP_KEY);
    assertThat(client.exitCode()).isEqualTo(2);
    assertThat(client.err()).contains("(403 forbidden: the caller's roles do not allow this endpoint): the caller"
        + " needs the role policy-admin or auditor");
  }

  private static String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Runs {@code bin/arbiter baseline ARGS} with this test's JDK, and waits for it. */
  private static Run arbiter(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ARBITER.toString(), "baseline"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    builder.environment().put("JAVA_HOME", java.getParent().getParent().toString());
    builder.environment().remove("ARBITER_API_KEY");
    builder.environment().remove("ARBITER_TOKEN");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/arbiter baseline ended").isTrue();
    return new Run(process.exitValue(), stdout, stderr.get(10, TimeUnit.SECONDS));
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return value;
  }

  private static String hash(String key) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
