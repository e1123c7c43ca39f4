package dev.arbiter.mcpdemo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo server as an MCP client sees it: the packaged PDP with the shipped policies in its own
 * process, the demo server protected by pep-mcp, and the official MCP TypeScript SDK (node) as the
 * client, with tokens for three personas. The allowed domain {@code example.com} is served by a
 * local HTTP server ({@code MCP_DEMO_WEB_ORIGINS}' mechanism), so nothing here needs the internet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpEndToEndIT {
  private static final String EXAMPLE_PAGE = "<h1>Example Domain</h1>";

  @TempDir
  static Path sandbox;

  private static PdpProcess pdp;
  private static HttpServer web;
  private static DemoServer server;
  private static Map<String, String> tokens;
  private static DemoKeys keys;

  @BeforeAll
  static void start() throws Exception {
    if (!TypeScriptClient.available()) {
      System.err.println("""

          ********************************************************************************
          * McpEndToEndIT SKIPPED: `node` and `npm` are not on the PATH, so the official  *
          * MCP TypeScript client cannot run. Install Node.js 18+ to run this test.       *
          ********************************************************************************
          """);
      Assumptions.abort("node is missing");
    }
    TypeScriptClient.install();
    pdp = PdpProcess.start();
    web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    web.createContext("/", exchange -> {
      byte[] page = EXAMPLE_PAGE.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    web.start();
    Files.writeString(sandbox.resolve("notes.txt"), "buy milk");
    keys = DemoKeys.generated();
    server = DemoServer.start(new DemoServer.Settings("127.0.0.1", 0, pdp.address(), sandbox,
        Set.of("example.com", "api.github.com", "docs.python.org"),
        Map.of("example.com", URI.create("http://127.0.0.1:" + web.getAddress().getPort()))), keys);
    String audience = server.resource().toString();
    tokens = Map.of(
        "alice", keys.token("alice", audience, Duration.ofMinutes(10)),
        "bob", keys.token("bob", audience, Duration.ofMinutes(10)),
        "guest", keys.token("guest", audience, Duration.ofMinutes(10)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (web != null) {
      web.stop(0);
    }
    if (pdp != null) {
      pdp.close();
    }
  }

  @Test
  void everyPersonaGetsWhatThePoliciesGiveItAndNothingMore() throws Exception {
    List<Map<String, Object>> steps = new ArrayList<>();
    steps.add(Map.of("as", "alice", "op", "listTools"));
    steps.add(Map.of("as", "bob", "op", "listTools"));
    steps.add(Map.of("as", "guest", "op", "listTools"));
    steps.add(call("bob", "read_file", Map.of("path", "/workspace/notes.txt")));
    steps.add(call("bob", "read_file", Map.of("path", "/workspace/../etc/passwd")));
    steps.add(call("bob", "read_file", Map.of("path", "/workspace/%2e%2e/%2e%2e/etc/passwd")));
    steps.add(call("bob", "read_file", Map.of("path", "/etc/passwd")));
    steps.add(call("bob", "http_get", Map.of("url", "https://example.com/")));
    steps.add(call("bob", "http_get", Map.of("url", "https://example.org.evil.test/")));
    steps.add(call("bob", "query_db", Map.of("sql", "SELECT * FROM customers")));
    steps.add(call("bob", "query_db", Map.of("sql", "SELECT name, ssn AS s, email AS e FROM customers")));
    steps.add(call("guest", "query_db", Map.of("sql", "SELECT * FROM customers")));
    steps.add(call("alice", "send_email", Map.of("to", "ops@example.com", "subject", "hello")));
    steps.add(call("alice", "write_file", Map.of("path", "/workspace/out/report.txt", "content", "all good")));
    steps.add(call("guest", "write_file", Map.of("path", "/workspace/guest.txt", "content", "nope")));
    steps.add(Map.of("as", "guest", "op", "readResource", "uri", "file:///workspace/README.md"));
    steps.add(Map.of("as", "bob", "op", "listResources"));
    steps.add(Map.of("as", "guest", "op", "getPrompt", "name", "summarize", "arguments",
        Map.of("path", "/workspace/notes.txt")));
    steps.add(Map.of("as", "bob", "op", "request", "method", "resources/templates/list"));

    List<JsonNode> results = TypeScriptClient.run(server.resource(), tokens, steps);

    assertThat(toolNames(results.get(0))).containsExactly("http_get", "query_db", "read_file", "send_email", "write_file");
    assertThat(toolNames(results.get(1))).containsExactly("http_get", "query_db", "read_file");
    assertThat(toolNames(results.get(2))).containsExactly("read_file");

    assertThat(text(results.get(3))).isEqualTo("buy milk");
    for (int traversal = 4; traversal <= 6; traversal++) {
      assertDenied(results.get(traversal), "Access denied: tools/call on tool \"read_file\"");
    }
    assertThat(text(results.get(7))).contains("Example Domain");
    assertDenied(results.get(8), "Access denied: tools/call on tool \"http_get\"");

    String customers = results.get(9).toString();
    assertThat(customers).contains("Ada Lovelace").contains("***")
        .doesNotContain("123-45-6789").doesNotContain("ada@example.com");
    assertThat(results.get(10).toString()).contains("Grace Hopper")
        .doesNotContain("987-65-4321").doesNotContain("grace@example.com");
    assertDenied(results.get(11), "Access denied: tools/call on tool \"query_db\"");

    assertThat(text(results.get(12))).isEqualTo("queued a message to ops@example.com");
    assertThat(server.outbox()).containsExactly("ops@example.com: hello");
    assertThat(sandbox.resolve("out/report.txt")).hasContent("all good");
    assertDenied(results.get(14), "Access denied: tools/call on tool \"write_file\"");
    assertThat(sandbox.resolve("guest.txt")).doesNotExist();

    assertThat(results.get(15).at("/ok/contents/0/text").asText()).startsWith("# Workspace");
    assertThat(results.get(16).at("/ok/resources/0/uri").asText()).isEqualTo("file:///workspace/README.md");
    assertThat(results.get(17).at("/ok/messages/0/content/text").asText()).contains("/workspace/notes.txt");
    assertThat(results.get(18).at("/error/code").asInt()).isEqualTo(-32001);
    assertThat(results.get(18).at("/error/message").asText())
        .contains("resources/templates/list is not covered by the authorization mapping");
  }

  @Test
  void withoutATokenTheServerAsksForOneAndPointsToItsMetadata() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(server.resource())
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    String metadataUrl = server.resource().resolve("/.well-known/oauth-protected-resource/mcp").toString();
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer resource_metadata=\"" + metadataUrl + "\"");

    HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(URI.create(metadataUrl)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body()).contains("\"resource\":\"" + server.resource() + "\"")
        .contains("\"authorization_servers\":[\"" + DemoKeys.ISSUER + "\"]");

    String otherAudience = keys.token("bob", "http://127.0.0.1:1/mcp", Duration.ofMinutes(1));
    HttpResponse<String> wrongAudience = http.send(HttpRequest.newBuilder(server.resource())
        .header("Authorization", "Bearer " + otherAudience).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrongAudience.statusCode()).isEqualTo(401);
    assertThat(wrongAudience.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"").contains("audience");
  }

  /** Last: it stops the PDP. */
  @Test
  @Order(Integer.MAX_VALUE)
  void withThePdpStoppedCallsFailClosed() throws Exception {
    pdp.close();

    // arguments no earlier call used, so no cached decision can answer
    List<JsonNode> results = TypeScriptClient.run(server.resource(), tokens, List.of(
        call("alice", "write_file", Map.of("path", "/workspace/after-the-pdp.txt", "content", "x")),
        call("bob", "read_file", Map.of("path", "/workspace/README.md"))));

    for (JsonNode result : results) {
      assertDenied(result, "the policy decision point could not be asked");
    }
    assertThat(sandbox.resolve("after-the-pdp.txt")).doesNotExist();
  }

  private static Map<String, Object> call(String persona, String tool, Map<String, Object> arguments) {
    return Map.of("as", persona, "op", "callTool", "name", tool, "arguments", arguments);
  }

  private static Set<String> toolNames(JsonNode result) {
    Set<String> names = new TreeSet<>();
    result.at("/ok/tools").forEach(tool -> names.add(tool.get("name").asText()));
    return names;
  }

  private static String text(JsonNode result) {
    assertThat(result.has("ok")).as("a result, not an error: %s", result).isTrue();
    return result.at("/ok/content/0/text").asText();
  }

  private static void assertDenied(JsonNode result, String message) {
    assertThat(result.at("/error/code").asInt()).as("%s", result).isEqualTo(-32001);
    assertThat(result.at("/error/message").asText()).as("%s", result).contains(message);
  }
}
