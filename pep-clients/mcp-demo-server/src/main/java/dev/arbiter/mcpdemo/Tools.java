package dev.arbiter.mcpdemo;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The demo's tools, resource and prompt, named as in the shipped policies' data ({@code
 * policies/data/tools.json}, {@code servers.json}). Each checks its own input as if no policy
 * existed; the policies decide who may call it at all.
 */
final class Tools {
  static final int MAX_FETCH_CHARS = 20_000;

  private final Sandbox sandbox;
  private final CrmDatabase crm;
  private final Set<String> allowedDomains;
  private final Map<String, URI> webOrigins;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  /** What {@code send_email} "sent": nothing leaves this process. */
  final List<String> outbox = new CopyOnWriteArrayList<>();

  /**
   * @param webOrigins where {@code http_get} really connects for a host (e.g. {@code example.com} to
   *     a local server in tests); hosts not in it are fetched from the internet
   */
  Tools(Sandbox sandbox, CrmDatabase crm, Set<String> allowedDomains, Map<String, URI> webOrigins) {
    this.sandbox = sandbox;
    this.crm = crm;
    this.allowedDomains = Set.copyOf(allowedDomains);
    this.webOrigins = Map.copyOf(webOrigins);
  }

  List<SyncToolSpecification> tools() {
    return List.of(
        tool("read_file", "Reads a text file under /workspace", Map.of("path", "string"), List.of("path"),
            arguments -> text(Files.readString(sandbox.resolve(string(arguments, "path"))))),
        tool("write_file", "Writes a text file under /workspace", Map.of("path", "string", "content", "string"),
            List.of("path", "content"), arguments -> {
              Path file = sandbox.resolve(string(arguments, "path"));
              Files.createDirectories(file.getParent());
              Files.writeString(file, string(arguments, "content"));
              return text("wrote " + string(arguments, "path"));
            }),
        tool("http_get", "Fetches an https URL of an allowlisted domain", Map.of("url", "string"), List.of("url"),
            arguments -> text(fetch(string(arguments, "url")))),
        tool("query_db", "Runs a read-only SQL query over the CRM table `customers`", Map.of("sql", "string"),
            List.of("sql"), arguments -> {
              List<Map<String, Object>> rows = crm.query(string(arguments, "sql"));
              return McpSchema.CallToolResult.builder()
                  .addTextContent(DemoServer.JSON.writeValueAsString(rows))
                  .structuredContent(Map.of("rows", rows))
                  .build();
            }),
        tool("send_email", "Sends an email (simulated: kept in the server's outbox)",
            Map.of("to", "string", "subject", "string", "body", "string"), List.of("to", "subject"), arguments -> {
              outbox.add(string(arguments, "to") + ": " + string(arguments, "subject"));
              return text("queued a message to " + string(arguments, "to"));
            }));
  }

  List<SyncResourceSpecification> resources() {
    String uri = "file://" + Sandbox.ROOT + "/README.md";
    McpSchema.Resource readme = McpSchema.Resource.builder().uri(uri).name("README.md")
        .description("The workspace's README").mimeType("text/markdown").build();
    return List.of(new SyncResourceSpecification(readme, (exchange, request) -> {
      try {
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "text/markdown",
            Files.readString(sandbox.resolve(Sandbox.ROOT + "/README.md")))));
      } catch (IOException e) {
        throw new IllegalStateException("the README cannot be read: " + e.getMessage(), e);
      }
    }));
  }

  List<SyncPromptSpecification> prompts() {
    McpSchema.Prompt summarize = new McpSchema.Prompt("summarize", "Summarize a file of the workspace",
        List.of(new McpSchema.PromptArgument("path", "the file, under /workspace", true)));
    return List.of(new SyncPromptSpecification(summarize, (exchange, request) -> new McpSchema.GetPromptResult(
        "Summarize a file", List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(
            "Read " + request.arguments().get("path") + " with read_file and summarize it in three sentences."))))));
  }

  private String fetch(String url) throws IOException, InterruptedException {
    URI target = URI.create(url);
    String host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
    if (!"https".equals(target.getScheme()) || allowedDomains.stream()
        .noneMatch(domain -> host.equals(domain) || host.endsWith("." + domain))) {
      throw new IOException("`" + url + "` is not an https URL of an allowed domain");
    }
    URI origin = webOrigins.get(host);
    URI connect = origin == null ? target : origin.resolve(target.getRawPath() == null || target.getRawPath().isEmpty()
        ? "/" : target.getRawPath());
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(connect).timeout(Duration.ofSeconds(10)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    return "HTTP " + response.statusCode() + "\n" + (body.length() > MAX_FETCH_CHARS
        ? body.substring(0, MAX_FETCH_CHARS) : body);
  }

  @FunctionalInterface
  private interface Body {
    McpSchema.CallToolResult call(Map<String, Object> arguments) throws IOException, SQLException, InterruptedException;
  }

  private static SyncToolSpecification tool(String name, String description, Map<String, String> properties,
      List<String> required, Body body) {
    Map<String, Object> schemaProperties = new java.util.LinkedHashMap<>();
    properties.forEach((property, type) -> schemaProperties.put(property, Map.of("type", type)));
    McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(Map.of("type", "object", "properties", schemaProperties, "required", required)).build();
    BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange, McpSchema.CallToolRequest,
        McpSchema.CallToolResult> handler = (exchange, request) -> {
          try {
            return body.call(request.arguments() == null ? Map.of() : request.arguments());
          } catch (IOException | SQLException | IllegalArgumentException e) {
            return McpSchema.CallToolResult.builder().addTextContent(name + " failed: " + e.getMessage())
                .isError(true).build();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return McpSchema.CallToolResult.builder().addTextContent(name + " was interrupted").isError(true).build();
          }
        };
    return new SyncToolSpecification(tool, handler);
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  private static String string(Map<String, Object> arguments, String name) {
    if (!(arguments.get(name) instanceof String value)) {
      throw new IllegalArgumentException("`" + name + "` must be a string");
    }
    return value;
  }
}
