package dev.arbiter.pep.mcp;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The streamable-HTTP transport, handed to the SDK's server in place of the application's, so that
 * the gate sits in every session the server starts: {@code initialize} is authorized before a
 * session exists, and every request after it passes {@link GatedHandlers}.
 *
 * <p>Why the handler map, and reflection: in MCP SDK 2.1.0 the servlet transport gives each request
 * to the session's {@code McpStreamableServerSessionStream}, a final class that looks the method up
 * in the server's handler map and answers through the HTTP response itself. No session method,
 * transport method or list filter sees every request before its handler (a subclass of the session
 * is handed the response's transport, never the request; list filters exist for tools only), and
 * the map reaches the transport only inside the session factory the server hands it, in a
 * package-private field. The gate replaces that field's map with a gated copy before any
 * session exists. If the field is not there (another SDK version) the server is not built: failing
 * at startup beats serving requests ungated.
 */
final class GatedTransport implements McpStreamableServerTransportProvider {
  private static final String HANDLERS_FIELD = "requestHandlers";

  private final McpStreamableServerTransportProvider transport;
  private final Enforcer enforcer;

  GatedTransport(McpStreamableServerTransportProvider transport, Enforcer enforcer) {
    this.transport = transport;
    this.enforcer = enforcer;
  }

  /**
   * @throws IllegalStateException if the server's request handlers cannot be gated
   */
  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    gateHandlers(factory, enforcer);
    // The SDK starts a session without a transport context: the caller is the one the HTTP request
    // was verified as, which McpBearerAuth's filter keeps for this thread, and which answers the
    // refusal (the transport would answer HTTP 500 with the exception serialized).
    transport.setSessionFactory(initialize -> switch (enforcer.initialize(RequestCaller.current())) {
      case Enforcer.Allowed allowed -> factory.startSession(initialize);
      case Enforcer.Refused refused -> {
        RequestCaller.refuse(refused.error());
        throw refused.error();
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static void gateHandlers(McpStreamableServerSession.Factory factory, Enforcer enforcer) {
    if (!(factory instanceof DefaultMcpStreamableServerSessionFactory)) {
      throw new IllegalStateException("pep-mcp gates the MCP SDK's own session factory, not "
          + factory.getClass().getName());
    }
    try {
      Field field = DefaultMcpStreamableServerSessionFactory.class.getDeclaredField(HANDLERS_FIELD);
      field.setAccessible(true);
      Map<String, McpRequestHandler<?>> handlers = (Map<String, McpRequestHandler<?>>) field.get(factory);
      field.set(factory, GatedHandlers.of(handlers, enforcer));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("pep-mcp cannot put its gate in front of the server's request handlers "
          + "(it supports mcp-core 2.1.x): " + e, e);
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return transport.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return transport.notifyClient(sessionId, method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return transport.closeGracefully();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public List<String> protocolVersions() {
    return transport.protocolVersions();
  }
}
