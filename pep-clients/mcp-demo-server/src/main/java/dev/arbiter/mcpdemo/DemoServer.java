package dev.arbiter.mcpdemo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.pep.PdpClient;
import dev.arbiter.pep.mcp.McpBearerAuth;
import dev.arbiter.pep.mcp.McpPep;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo MCP server: streamable HTTP at {@code /mcp} on Jetty, behind {@link McpBearerAuth} (tokens
 * of {@link DemoKeys}' issuer), every message authorized by {@link McpPep} against the PDP at
 * {@link Settings#pdp()}, which the policies know as the server {@code workspace}.
 */
public final class DemoServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SERVER_ID = "workspace";

  private final Server jetty;
  private final PdpClient pdp;
  private final McpSyncServer mcp;
  private final CrmDatabase crm;
  private final Tools tools;
  private final URI resource;

  /**
   * @param host the address to listen on
   * @param port the port; 0 for any free one
   * @param pdp the PDP's address ({@code http://…} or {@code grpc://…})
   * @param sandbox the directory behind {@code /workspace}
   * @param allowedDomains the domains {@code http_get} reaches
   * @param webOrigins where {@code http_get} connects for a host instead of the host itself
   * @param stealth whether a tool, resource or prompt the caller may not see answers as if it did
   *     not exist
   */
  public record Settings(String host, int port, String pdp, Path sandbox, Set<String> allowedDomains,
      Map<String, URI> webOrigins, boolean stealth) {}

  private DemoServer(Settings settings, DemoKeys keys) throws Exception {
    Files.createDirectories(settings.sandbox());
    Path readme = settings.sandbox().resolve("README.md");
    if (!Files.exists(readme)) {
      Files.writeString(readme, "# Workspace\n\nNotes for the demo. Try read_file on /workspace/README.md.\n");
    }
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    jetty.addConnector(connector);
    connector.open(); // bound before the rest is built: the resource URI, which tokens must name, has the port
    resource = URI.create("http://" + settings.host() + ":" + connector.getLocalPort() + "/mcp");

    McpBearerAuth auth = McpBearerAuth.builder(resource).issuer(DemoKeys.ISSUER).keys(keys.publicKeys()).build();
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(new JacksonMcpJsonMapper(JSON))
        .mcpEndpoint("/mcp")
        .contextExtractor(auth.contextExtractor())
        .build();
    pdp = PdpClient.builder(settings.pdp()).build();
    crm = new CrmDatabase();
    tools = new Tools(new Sandbox(settings.sandbox()), crm, settings.allowedDomains(), settings.webOrigins());
    mcp = McpPep.builder(pdp, SERVER_ID).stealth(settings.stealth()).build()
        .protect(transport, tools.tools(), tools.resources(), tools.prompts())
        .serverInfo("arbiter-mcp-demo", "0.1.0")
        .build();

    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(auth.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder servlet = new ServletHolder(transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/mcp");
    jetty.setHandler(context);
    jetty.start();
  }

  /** Starts a server; its tokens are checked with {@code keys}. */
  static DemoServer start(Settings settings, DemoKeys keys) throws Exception {
    return new DemoServer(settings, keys);
  }

  /** The server's canonical URI: the MCP endpoint, and the audience its tokens must name. */
  public URI resource() {
    return resource;
  }

  /** What {@code send_email} was asked to send. */
  List<String> outbox() {
    return List.copyOf(tools.outbox);
  }

  @Override
  public void close() throws Exception {
    mcp.close();
    jetty.stop();
    pdp.close();
    crm.close();
  }
}
