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
 * client, with tokens for three personas (and a caller of another tenant, who may not even open a
 * session). A second demo server runs in stealth mode. The allowed domain {@code example.com} is
 * served by a local HTTP server ({@code MCP_DEMO_WEB_ORIGINS}' mechanism), so nothing here needs
 * the internet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpEndToEndIT {
  private static final String EXAMPLE_PAGE = "<h1>Example Domain</h1>";

  @TempDir
  static Path sandbox;

  private static PdpProcess pdp;
  private static HttpServer web;
  private static DemoServer server;
  private static DemoServer stealthy;
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
    server = DemoServer.start(settings(false), keys);
    stealthy = DemoServer.start(settings(true), keys);
    tokens = tokens(server);
  }

  private static DemoServer.Settings settings(boolean stealth) {
    return new DemoServer.Settings("127.0.0.1", 0, pdp.address(), sandbox,
        Set.of("example.com", "api.github.com", "docs.python.org"),
        Map.of("example.com", URI.create("http://127.0.0.1:" + web.getAddress().getPort())), stealth);
  }

  /** Tokens for {@code server}'s audience: the three personas, and carol of the tenant globex. */
  private static Map<String, String> tokens(DemoServer server) throws Exception {
    String audience = server.resource().toString();
    return Map.of(
        "alice", keys.token("alice", audience, Duration.ofMinutes(10)),
        "bob", keys.token("bob", audience, Duration.ofMinutes(10)),
        "guest", keys.token("guest", audience, Duration.ofMinutes(10)),
        "carol", keys.sign("carol", Map.of("roles", List.of("admin"), "tenant", "globex", "clearance", 5,
            "scope", "files:read files:write web:fetch crm:read mail:send"), audience, Duration.ofMinutes(10)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (DemoServer running : new DemoServer[] {server, stealthy}) {
      if (running != null) {
        running.close();
      }
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
    steps.add(call("bob", "send_email", Map.of("to", "eve@example.com", "subject", "hidden")));
    steps.add(Map.of("as", "carol", "op", "listTools"));
    steps.add(Map.of("as", "guest", "op", "listResources"));
    steps.add(Map.of("as", "alice", "op", "listPrompts"));

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

    // a tool hidden from bob's listing is refused by name too, and never runs
    assertDenied(results.get(19), "Access denied: tools/call on tool \"send_email\"");
    assertThat(server.outbox()).containsExactly("ops@example.com: hello");
    // initialize is authorized: another tenant's admin does not get a session
    assertDenied(results.get(20), "Access denied: initialize on mcp_server \"workspace\"");
    assertThat(results.get(21).at("/ok/resources/0/uri").asText()).isEqualTo("file:///workspace/README.md");
    assertThat(results.get(22).at("/ok/prompts/0/name").asText()).isEqualTo("summarize");
  }

  @Test
  void inStealthModeAHiddenToolAnswersExactlyAsAToolThatDoesNotExist() throws Exception {
    List<JsonNode> results = TypeScriptClient.run(stealthy.resource(), tokens(stealthy), List.of(
        call("alice", "no_such_tool", Map.of()),
        call("bob", "send_email", Map.of("to", "eve@example.com", "subject", "hidden")),
        Map.of("as", "bob", "op", "listTools"),
        call("bob", "read_file", Map.of("path", "/workspace/../etc/passwd"))));

    JsonNode unknown = results.get(0).get("error");
    JsonNode hidden = results.get(1).get("error");
    assertThat(unknown).as("%s", results.get(0)).isNotNull();
    assertThat(hidden).as("%s", results.get(1)).isNotNull();
    // the SDK's answer for a tool it does not have (McpPepTest compares it with the SDK's own)
    assertThat(hidden.get("code").asInt()).isEqualTo(unknown.get("code").asInt()).isEqualTo(-32602);
    assertThat(hidden.get("message")).isEqualTo(unknown.get("message"));
    assertThat(hidden.get("message").asText()).contains("Unknown tool");
    assertThat(unknown.get("data").asText()).isEqualTo("Tool not found: no_such_tool");
    assertThat(hidden.get("data").asText()).isEqualTo("Tool not found: send_email");
    assertThat(stealthy.outbox()).isEmpty();
    assertThat(toolNames(results.get(2))).containsExactly("http_get", "query_db", "read_file");
    // a tool the caller sees is refused as usual: stealth hides only what listings hide
    assertDenied(results.get(3), "Access denied: tools/call on tool \"read_file\"");
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
  void withThePdpStoppedEverythingFailsClosed() throws Exception {
    // sessions opened while the PDP answers: the decisions for initialize may still be cached
    RawSession alice = RawSession.open(server.resource(), tokens.get("alice"));
    RawSession bob = RawSession.open(server.resource(), tokens.get("bob"));
    pdp.close();

    // arguments no earlier call used, so no cached decision can answer
    assertDenied(alice.callTool("write_file", Map.of("path", "/workspace/after-the-pdp.txt", "content", "x")),
        "the policy decision point could not be asked");
    assertDenied(bob.callTool("read_file", Map.of("path", "/workspace/README.md")),
        "the policy decision point could not be asked");
    assertThat(sandbox.resolve("after-the-pdp.txt")).doesNotExist();

    // a caller whose initialize was never decided does not get a session
    String dave = keys.sign("dave", DemoKeys.PERSONAS.get("bob"), server.resource().toString(),
        Duration.ofMinutes(10));
    List<JsonNode> results = TypeScriptClient.run(server.resource(), Map.of("dave", dave),
        List.of(Map.of("as", "dave", "op", "listTools")));
    assertDenied(results.getFirst(),
        "Access denied: initialize on mcp_server \"workspace\": the policy decision point could not be asked");
  }

  /**
   * A session opened and used with plain HTTP, as the README's curl commands do: a session can
   * outlive the PDP, which a client process that connects afresh cannot show.
   */
  private record RawSession(URI endpoint, String token, String id) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static RawSession open(URI endpoint, String token) throws Exception {
      HttpResponse<String> initialized = post(endpoint, token, null, Map.of("jsonrpc", "2.0", "id", 1, "method",
          "initialize", "params", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(), "clientInfo",
              Map.of("name", "e2e", "version", "1"))));
      assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
      String id = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
      post(endpoint, token, id, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
      return new RawSession(endpoint, token, id);
    }

    /** The JSON-RPC response to a {@code tools/call}, from the event stream the server answers with. */
    JsonNode callTool(String tool, Map<String, Object> arguments) throws Exception {
      HttpResponse<String> response = post(endpoint, token, id, Map.of("jsonrpc", "2.0", "id", 2, "method",
          "tools/call", "params", Map.of("name", tool, "arguments", arguments)));
      String data = response.body().lines().filter(line -> line.startsWith("data:")).findFirst()
          .orElseThrow(() -> new AssertionError("no event in " + response.body()));
      return DemoServer.JSON.readTree(data.substring("data:".length()));
    }

    private static HttpResponse<String> post(URI endpoint, String token, String session, Map<String, Object> message)
        throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString(DemoServer.JSON.writeValueAsString(message)));
      if (session != null) {
        request.header("Mcp-Session-Id", session);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
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
