package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code arbiter baseline}: what it prints and its exit status, against a small HTTP server that
 * answers a report recorded from the PDP ({@code baseline-report.json}: the poor configuration of
 * the service's {@code PoorBaselineTest}) or an error. The packaged service's {@code BaselineCliIT}
 * runs the command against the real thing.
 */
class BaselineCommandTest {
  private static final String REPORT = resource("baseline-report.json");
  /** The recorded report with its failures turned into warnings: nothing fails. */
  private static final String WARNINGS_ONLY = REPORT.replace("\"status\":\"fail\"", "\"status\":\"warn\"");

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = REPORT;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
          + " api-key=" + exchange.getRequestHeaders().getFirst("X-API-Key")
          + " authorization=" + exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void printsOneLinePerItemAndTheScoreAndExitsOneWhenAnItemFails() {
    Run run = arbiter("baseline", "--url", url());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(12);
    assertThat(lines.getFirst()).isEqualTo("WARN  tls              no TLS: plain HTTP, but on loopback only"
        + " (127.0.0.1), which is fine for development; before listening on other interfaces, configure a key store"
        + " (quarkus.tls.key-store.*) and set quarkus.http.insecure-requests=disabled");
    assertThat(lines.get(1)).startsWith("FAIL  auth             arbiter.auth.mode=none: ");
    assertThat(lines.get(3)).startsWith("PASS  audit            every decision is recorded");
    assertThat(lines.get(5)).isEqualTo("FAIL  tool-catalog     bundle baseline-poor: tools without risk:"
        + " `run_shell`; tools without required_scopes: `fetch_url`, `run_shell`; tools whose required_scopes is"
        + " empty, so any caller's scopes cover them: `echo`; give every tool entity a risk and the scopes it needs in"
        + " the bundle's data, or policies that read them cannot decide");
    assertThat(lines.get(8)).startsWith("FAIL  default-secrets  signing key `pep` is not random bytes");
    assertThat(lines.getLast()).isEqualTo("score 27/100: 1 pass, 5 warn, 5 fail");
    assertThat(requests).containsExactly("GET /admin/v1/baseline api-key=null authorization=null");
  }

  @Test
  void warningsAloneExitZeroUnlessFailOnWarn() {
    body = WARNINGS_ONLY;
    Run run = arbiter("baseline", "--url", url());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).endsWith("score 27/100: 1 pass, 10 warn, 0 fail\n");
    assertThat(arbiter("baseline", "--url", url(), "--fail-on", "warn").exitCode()).isEqualTo(1);
    assertThat(arbiter("baseline", "--url", url(), "--fail-on", "fail").exitCode()).isZero();
  }

  @Test
  void aReportWhereEverythingPassesExitsZeroEvenWithFailOnWarn() {
    body = REPORT.replace("\"status\":\"fail\"", "\"status\":\"pass\"").replace("\"status\":\"warn\"",
        "\"status\":\"pass\"");
    assertThat(arbiter("baseline", "--url", url(), "--fail-on", "warn").exitCode()).isZero();
  }

  @Test
  void sendsTheApiKeyOrTheToken() {
    arbiter("baseline", "--url", url(), "--api-key", "k-123");
    arbiter("baseline", "--url", url() + "/", "--token", "eyJ.x.y");
    arbiter("baseline", "--url", url() + "/admin/v1/baseline");
    assertThat(requests).containsExactly(
        "GET /admin/v1/baseline api-key=k-123 authorization=null",
        "GET /admin/v1/baseline api-key=null authorization=Bearer eyJ.x.y",
        "GET /admin/v1/baseline api-key=null authorization=null");
  }

  @Test
  void jsonPrintsTheReportAsServed() {
    Run run = arbiter("baseline", "--url", url(), "--format", "json");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo(REPORT.strip() + "\n");
  }

  @Test
  void refusedCredentialsAreAUsageProblemThatSaysWhichRoleIsNeeded() {
    status = 401;
    body = "{\"code\":\"unauthenticated\",\"message\":\"this endpoint needs credentials\"}";
    Run run = arbiter("baseline", "--url", url());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("arbiter: " + url() + "/admin/v1/baseline refused the request (401"
        + " unauthenticated: this endpoint needs credentials): give --api-key or --token of a caller with the role"
        + " policy-admin or auditor\n");

    status = 403;
    body = "{\"code\":\"forbidden\",\"message\":\"the caller's roles do not allow this endpoint\"}";
    run = arbiter("baseline", "--url", url(), "--api-key", "pep");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("arbiter: " + url() + "/admin/v1/baseline refused the request (403 forbidden:"
        + " the caller's roles do not allow this endpoint): the caller needs the role policy-admin or auditor\n");
  }

  @Test
  void otherAnswersAreUsageProblems() {
    status = 404;
    body = "{\"code\":\"not_found\",\"message\":\"no such endpoint; see /q/openapi for the API\"}";
    assertThat(arbiter("baseline", "--url", url()).err()).contains("does not exist (404): is --url an Arbiter PDP"
        + " with the baseline endpoint?");

    status = 503;
    body = "<html>busy</html>";
    Run run = arbiter("baseline", "--url", url());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("arbiter: " + url() + "/admin/v1/baseline answered 503 <html>busy</html>\n");

    status = 200;
    body = "{\"items\": \"none\"}";
    run = arbiter("baseline", "--url", url());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("answered JSON that is not a baseline report: it has no `score` and `items`");

    body = "{\"score\": 50, \"items\": [{\"id\": \"tls\", \"status\": \"maybe\", \"message\": \"?\"}]}";
    assertThat(arbiter("baseline", "--url", url()).err()).contains("a `status` of pass, warn or fail");

    body = "not json";
    assertThat(arbiter("baseline", "--url", url()).err()).contains("answered something that is not JSON");
  }

  @Test
  void aServiceThatIsNotThereIsAConnectionProblem() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Run run = arbiter("baseline", "--url", "http://127.0.0.1:" + port);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("arbiter: cannot reach http://127.0.0.1:" + port + "/admin/v1/baseline:"
        + " connection refused; is the PDP running, and is --url right?\n");
  }

  @Test
  void badArgumentsAreUsageProblems() {
    Run run = arbiter("baseline", "--url", "127.0.0.1:8080");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("arbiter: --url must be an http or https URL such as http://127.0.0.1:8080,"
        + " found `127.0.0.1:8080`\n");

    run = arbiter("baseline", "--url", url(), "--api-key", "k", "--token", "t");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("arbiter: give --api-key or --token, not both");

    run = arbiter("baseline", "--fail-on", "never");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--fail-on").contains("warn, fail");

    run = arbiter("baseline", "--url", url().replace("http:", "https:"), "--cacert", "no-such-file.pem");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("arbiter: cannot read --cacert no-such-file.pem");
    assertThat(requests).isEmpty();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static Run arbiter(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = ArbiterCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static String resource(String name) {
    try (InputStream in = BaselineCommandTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
