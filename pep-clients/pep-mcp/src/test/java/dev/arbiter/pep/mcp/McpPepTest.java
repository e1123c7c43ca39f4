package dev.arbiter.pep.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.arbiter.pep.AccessRequest;
import dev.arbiter.pep.Obligation;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * McpPep in front of a real SDK server on Jetty, driven by the SDK's own client, with a PDP that
 * answers by a rule in this process: what reaches the handlers, what the client sees, and what the
 * PDP is asked.
 */
class McpPepTest {
  private static final String ISSUER = "https://idp.test";
  private static final String SERVER = "workspace";
  /** Who may list or call which tool; alice may everything on it, mallory nothing at all. */
  private static final Map<String, Set<String>> TOOLS = Map.of("bob", Set.of("read_file", "query_db"));
  private static final Map<String, Set<String>> RESOURCES = Map.of("bob", Set.of("file:///readme"));
  private static final List<Obligation> MASK_SSN = List.of(new Obligation("mask", Map.of("fields", List.of("ssn"))));
  private static final List<Obligation> ONE_EXPORT_AT_A_TIME = List.of(new Obligation("max_concurrent",
      Map.of("key", "exports", "limit", 1)));

  private static RSAKey key;
  private static final AtomicInteger emailsSent = new AtomicInteger();
  private static final RulesPdp pdp = new RulesPdp(McpPepTest::rule);
  private static Running plain;
  private static Running stealthy;

  private final List<McpSyncClient> clients = new ArrayList<>();

  private record Running(Server jetty, McpSyncServer mcp, URI resource) {}

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    plain = serve(false);
    stealthy = serve(true);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Running running : List.of(plain, stealthy)) {
      running.mcp().close();
      running.jetty().stop();
    }
  }

  @BeforeEach
  void forgetWhatThePdpWasAsked() {
    pdp.singles.clear();
    pdp.batches.clear();
    pdp.down = false;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(McpSyncClient::close);
  }

  /** The obligations of a permit, or {@code null} for a deny. */
  private static List<Obligation> rule(AccessRequest request) {
    String subject = request.subject().id();
    String type = request.resource().type();
    String id = request.resource().id();
    if (subject.equals("mallory")) {
      return null;
    }
    if (type.equals("mcp_server")) {
      return id.equals(SERVER) ? List.of() : null;
    }
    if (id.equals("export_report")) {
      return ONE_EXPORT_AT_A_TIME;
    }
    if (subject.equals("alice") || type.equals("prompt")) {
      return List.of();
    }
    Set<String> allowed = (type.equals("tool") ? TOOLS : RESOURCES).getOrDefault(subject, Set.of());
    return !allowed.contains(id) ? null : id.equals("query_db") ? MASK_SSN : List.of();
  }

  @Test
  void eachCallerListsWhatThePoliciesLetItSeeWithOneBatchPerListing() {
    McpSyncClient alice = client(plain, "alice");
    McpSyncClient bob = client(plain, "bob");

    assertThat(alice.listTools().tools()).extracting(McpSchema.Tool::name)
        .containsExactlyInAnyOrder("read_file", "query_db", "send_email");
    pdp.batches.clear();
    assertThat(bob.listTools().tools()).extracting(McpSchema.Tool::name)
        .containsExactlyInAnyOrder("read_file", "query_db");
    assertThat(pdp.batches).hasSize(1);
    assertThat(pdp.batches.getFirst()).extracting(request -> request.action().name() + " "
        + request.resource().type() + " " + request.resource().id()).containsExactlyInAnyOrder(
        "tools/list mcp_server workspace", "tools/list tool read_file", "tools/list tool query_db",
        "tools/list tool send_email");
    assertThat(pdp.batches.getFirst()).allMatch(request -> request.subject().id().equals("bob"));

    assertThat(alice.listResources().resources()).extracting(McpSchema.Resource::uri)
        .containsExactlyInAnyOrder("file:///readme", "file:///secret");
    assertThat(bob.listResources().resources()).extracting(McpSchema.Resource::uri).containsExactly("file:///readme");
    assertThat(bob.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactly("summarize");
  }

  @Test
  void aToolHiddenFromTheListingIsDeniedWhenCalledByNameAndNeverRuns() {
    int sent = emailsSent.get();

    McpError denied = callError(client(plain, "bob"), "send_email", Map.of("to", "eve@example.com"));

    assertThat(denied.getJsonRpcError().code()).isEqualTo(-32001);
    assertThat(denied.getJsonRpcError().message()).isEqualTo("Access denied: tools/call on tool \"send_email\"");
    assertThat(denied.getJsonRpcError().data()).isEqualTo(Map.of("decision_id", "decision-1"));
    assertThat(emailsSent.get()).isEqualTo(sent);
    assertThat(callError(client(plain, "bob"), "send_email", Map.of()).getJsonRpcError().code()).isEqualTo(-32001);
  }

  @Test
  void inStealthModeAHiddenToolAnswersExactlyAsAToolThatDoesNotExist() {
    int sent = emailsSent.get();
    // alice may call anything, so this is the SDK's own answer for a tool it does not have
    McpError unknown = callError(client(stealthy, "alice"), "no_such_tool", Map.of());

    McpError hidden = callError(client(stealthy, "bob"), "send_email", Map.of("to", "eve@example.com"));

    assertThat(hidden.getJsonRpcError().code()).isEqualTo(unknown.getJsonRpcError().code()).isEqualTo(-32602);
    assertThat(hidden.getJsonRpcError().message()).isEqualTo(unknown.getJsonRpcError().message());
    assertThat(hidden.getJsonRpcError().data()).isEqualTo("Tool not found: send_email");
    assertThat(unknown.getJsonRpcError().data()).isEqualTo("Tool not found: no_such_tool");
    assertThat(emailsSent.get()).isEqualTo(sent);
  }

  @Test
  void allowedCallsRunWithTheirArgumentsAndMaskedFieldsNeverReachTheClient() {
    McpSyncClient bob = client(plain, "bob");

    assertThat(text(bob.callTool(call("read_file", Map.of("path", "notes.txt")))))
        .isEqualTo("contents of notes.txt");
    McpSchema.CallToolResult rows = bob.callTool(call("query_db", Map.of("sql", "x")));
    assertThat(text(rows)).contains("Ada").contains("***").doesNotContain("123-45-6789");
    assertThat(String.valueOf(rows.structuredContent())).doesNotContain("123-45-6789");
    assertThat(pdp.singles).anySatisfy(request -> {
      assertThat(request.action().name()).isEqualTo("tools/call");
      assertThat(request.context()).containsEntry("arguments", Map.of("path", "notes.txt"));
    });
  }

  @Test
  void resourcesAndPromptsAreAuthorizedWhenUsed() {
    McpSyncClient bob = client(plain, "bob");

    assertThat(bob.readResource(McpSchema.ReadResourceRequest.builder("file:///readme").build()).contents()).hasSize(1);
    McpError denied = catchThrowableOfType(McpError.class,
        () -> bob.readResource(McpSchema.ReadResourceRequest.builder("file:///secret").build()));
    assertThat(denied.getJsonRpcError().code()).isEqualTo(-32001);
    assertThat(denied.getJsonRpcError().message()).isEqualTo("Access denied: resources/read on resource \"file:///secret\"");
    assertThat(bob.getPrompt(McpSchema.GetPromptRequest.builder("summarize").build()).messages()).hasSize(1);
  }

  @Test
  void initializeIsAuthorizedOnTheServerBeforeASessionExists() throws Exception {
    client(plain, "alice");
    assertThat(pdp.singles).anySatisfy(request -> {
      assertThat(request.action().name()).isEqualTo("initialize");
      assertThat(request.resource().type() + " " + request.resource().id()).isEqualTo("mcp_server workspace");
      assertThat(request.subject().id()).isEqualTo("alice");
    });

    HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain.resource())
        .header("Authorization", "Bearer " + token("mallory", plain.resource()))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    // the binding's error for the request, not the transport's HTTP 500 with a serialized exception
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/json"));
    assertThat(refused.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,"
        + "\"message\":\"Access denied: initialize on mcp_server \\\"workspace\\\"\",\"data\":{\"decision_id\":\"decision-1\"}}}");

    // the SDK's client fails to connect with that error as the cause
    Throwable failure = catchThrowable(() -> client(plain, "mallory"));
    while (failure != null && !(failure instanceof McpError)) {
      failure = failure.getCause();
    }
    assertThat(failure).isInstanceOfSatisfying(McpError.class, error -> {
      assertThat(error.getJsonRpcError().code()).isEqualTo(-32001);
      assertThat(error.getJsonRpcError().message()).isEqualTo("Access denied: initialize on mcp_server \"workspace\"");
    });
  }

  @Test
  void methodsTheMappingDoesNotKnowAreRefusedAndPingPasses() {
    McpSyncClient alice = client(plain, "alice");

    McpError refused = catchThrowableOfType(McpError.class, alice::listResourceTemplates);

    assertThat(refused.getJsonRpcError().code()).isEqualTo(-32001);
    assertThat(refused.getJsonRpcError().message())
        .isEqualTo("Access denied: method resources/templates/list is not covered by the authorization mapping");
    assertThat(alice.ping()).isNotNull();
  }

  @Test
  void aToolAddedAfterTheServerWasBuiltIsBehindTheGateToo() {
    plain.mcp().addTool(tool("late_tool", arguments -> "late"));
    try {
      assertThat(callError(client(plain, "bob"), "late_tool", Map.of()).getJsonRpcError().code()).isEqualTo(-32001);
      McpSyncClient alice = client(plain, "alice");
      assertThat(alice.listTools().tools()).extracting(McpSchema.Tool::name).contains("late_tool");
      assertThat(text(alice.callTool(call("late_tool", Map.of())))).isEqualTo("late");
    } finally {
      plain.mcp().removeTool("late_tool");
    }
  }

  @Test
  void aCapOnConcurrentCallsRefusesTheCallBeyondItUntilOneEnds() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    plain.mcp().addTool(tool("export_report", arguments -> {
      started.countDown();
      try {
        finish.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "exported";
    }));
    // a thread of its own: the common pool may have one thread, which the client's responses need
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      McpSyncClient first = client(plain, "alice");
      McpSyncClient second = client(plain, "alice");
      CompletableFuture<McpSchema.CallToolResult> running =
          CompletableFuture.supplyAsync(() -> first.callTool(call("export_report", Map.of())), caller);
      assertThat(started.await(20, TimeUnit.SECONDS)).as("the first export runs").isTrue();

      McpError refused = callError(second, "export_report", Map.of());
      assertThat(refused.getJsonRpcError().code()).isEqualTo(-32001);
      assertThat(refused.getJsonRpcError().message()).contains("try again when one has ended");

      finish.countDown();
      assertThat(text(running.get(20, TimeUnit.SECONDS))).isEqualTo("exported");
      // the slot was given back when the first call ended
      assertThat(text(second.callTool(call("export_report", Map.of())))).isEqualTo("exported");
    } finally {
      finish.countDown();
      caller.shutdownNow();
      plain.mcp().removeTool("export_report");
    }
  }

  @Test
  void withThePdpDownEverythingFailsClosed() {
    McpSyncClient alice = client(plain, "alice");
    int sent = emailsSent.get();
    pdp.down = true;

    McpError call = callError(alice, "send_email", Map.of("to", "ops@example.com"));
    McpError listing = catchThrowableOfType(McpError.class, alice::listTools);

    assertThat(call.getJsonRpcError().code()).isEqualTo(-32001);
    assertThat(call.getJsonRpcError().message())
        .isEqualTo("Access denied: tools/call on tool \"send_email\": the policy decision point could not be asked");
    assertThat(listing.getJsonRpcError().code()).isEqualTo(-32001);
    assertThat(emailsSent.get()).isEqualTo(sent);
    assertThat(catchThrowableOfType(RuntimeException.class, () -> client(plain, "bob"))).isNotNull();
  }

  private McpSyncClient client(Running server, String subject) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("http://127.0.0.1:" + server.resource().getPort()).endpoint("/mcp")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token(subject, server.resource())))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10))
        .clientInfo(McpSchema.Implementation.builder("test", "1").build()).build();
    clients.add(client);
    client.initialize();
    return client;
  }

  private static McpError callError(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return catchThrowableOfType(McpError.class, () -> client.callTool(call(tool, arguments)));
  }

  private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
    return McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().getFirst()).text();
  }

  private static Running serve(boolean stealth) throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    connector.open();
    URI resource = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    McpBearerAuth auth = McpBearerAuth.builder(resource).issuer(ISSUER).keys(new JWKSet(key.toPublicJWK())).build();
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .mcpEndpoint("/mcp").contextExtractor(auth.contextExtractor()).build();
    List<SyncToolSpecification> tools = List.of(
        tool("read_file", arguments -> "contents of " + arguments.get("path")),
        tool("query_db", arguments -> "[{\"name\":\"Ada\",\"ssn\":\"123-45-6789\"}]"),
        tool("send_email", arguments -> {
          emailsSent.incrementAndGet();
          return "sent";
        }));
    List<SyncResourceSpecification> resources = List.of(resource("file:///readme"), resource("file:///secret"));
    List<SyncPromptSpecification> prompts = List.of(new SyncPromptSpecification(
        McpSchema.Prompt.builder("summarize").description("Summarize").build(), (exchange, request) ->
        McpSchema.GetPromptResult.builder(List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
            McpSchema.TextContent.builder("summarize it").build()))).build()));
    McpSyncServer mcp = McpPep.builder(pdp, SERVER).stealth(stealth).build()
        .protect(transport, tools, resources, prompts)
        .serverInfo("test", "1")
        .build();
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(auth.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder servlet = new ServletHolder(transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/mcp");
    jetty.setHandler(context);
    jetty.start();
    return new Running(jetty, mcp, resource);
  }

  private static SyncToolSpecification tool(String name, java.util.function.Function<Map<String, Object>, String> body) {
    McpSchema.Tool tool = McpSchema.Tool.builder(name, Map.of("type", "object")).description(name).build();
    return new SyncToolSpecification(tool, (exchange, request) ->
        McpSchema.CallToolResult.builder().addTextContent(body.apply(request.arguments())).build());
  }

  private static SyncResourceSpecification resource(String uri) {
    return new SyncResourceSpecification(McpSchema.Resource.builder(uri, uri).build(), (exchange, read) ->
        McpSchema.ReadResourceResult.builder(List.of(McpSchema.TextResourceContents.builder(uri, "text")
            .mimeType("text/plain").build())).build());
  }

  private static String token(String subject, URI audience) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
          new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(audience.toString())
              .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
