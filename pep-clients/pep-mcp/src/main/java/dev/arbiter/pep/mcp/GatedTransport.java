package dev.arbiter.pep.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The streamable-HTTP transport with a gate in every session: each JSON-RPC request passes through
 * {@link Enforcer} before the server's own handlers see it. Calls of tools, resources and prompts
 * go on to their wrapped handlers (which authorize them with their arguments); listings are
 * answered by the server and then cut down to what the caller may see; every other method is
 * authorized by COAZ-MCP's default mapping, and refused when it has none.
 *
 * <p>The SDK has no hook for this: its session is a class, so the gate is a subclass that hands
 * every method to the server's real session and only intercepts {@link #responseStream}.
 */
final class GatedTransport implements McpStreamableServerTransportProvider {
  /** Methods whose wrapped handler authorizes them. */
  private static final Set<String> GUARDED_BY_HANDLER = Set.of("tools/call", "resources/read", "prompts/get");
  private static final Map<String, String> LISTINGS = Map.of("tools/list", "tool", "resources/list", "resource",
      "prompts/list", "prompt");

  private final McpStreamableServerTransportProvider transport;
  private final Enforcer enforcer;

  GatedTransport(McpStreamableServerTransportProvider transport, Enforcer enforcer) {
    this.transport = transport;
    this.enforcer = enforcer;
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    transport.setSessionFactory(initialize -> {
      McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(initialize);
      return new McpStreamableServerSession.McpStreamableServerSessionInit(new GatedSession(init.session()),
          init.initResult());
    });
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

  /** What to do with a request: pass it on, filter its listing, or refuse it. */
  private Enforcer.Answer gate(McpTransportContext context, McpSchema.JSONRPCRequest request) {
    String method = request.method();
    if (GUARDED_BY_HANDLER.contains(method)) {
      return new Enforcer.Allowed(List.of());
    }
    String listed = LISTINGS.get(method);
    return listed != null ? enforcer.listing(context, method, listed) : enforcer.other(context, method, request.params());
  }

  /** The server's session, with requests gated. */
  private final class GatedSession extends McpStreamableServerSession {
    private final McpStreamableServerSession session;

    GatedSession(McpStreamableServerSession session) {
      // the superclass's own state stays unused: every method goes to the real session
      super(session.getId(), null, null, Duration.ZERO, Map.of(), Map.of());
      this.session = session;
    }

    @Override
    public Mono<Void> responseStream(McpSchema.JSONRPCRequest request, McpStreamableServerTransport stream) {
      return Mono.deferContextual(reactorContext -> {
        McpTransportContext context = reactorContext.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY);
        return Mono.fromCallable(() -> gate(context, request)).flatMap(verdict -> switch (verdict) {
          case Enforcer.Allowed allowed -> session.responseStream(request, stream);
          case Enforcer.Visible visible -> session.responseStream(request, new ListingFilter(stream, visible.ids()));
          case Enforcer.Refused refused -> stream.sendMessage(McpErrors.response(request.id(), refused.error()))
              .then(stream.closeGracefully());
        });
      });
    }

    @Override
    public Mono<Void> accept(McpSchema.JSONRPCNotification notification) {
      return session.accept(notification);
    }

    @Override
    public Mono<Void> accept(McpSchema.JSONRPCResponse response) {
      return session.accept(response);
    }

    @Override
    public String getId() {
      return session.getId();
    }

    @Override
    public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
      session.setMinLoggingLevel(level);
    }

    @Override
    public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
      return session.isNotificationForLevelAllowed(level);
    }

    @Override
    public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
      return session.sendRequest(method, params, type);
    }

    @Override
    public Mono<Void> sendNotification(String method, Object params) {
      return session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> delete() {
      return session.delete();
    }

    @Override
    public boolean hasListeningStream() {
      return session.hasListeningStream();
    }

    @Override
    public boolean hasOpenStream() {
      return session.hasOpenStream();
    }

    @Override
    public McpStreamableServerSessionStream listeningStream(McpStreamableServerTransport stream) {
      return session.listeningStream(stream);
    }

    @Override
    public void releaseListeningStream() {
      session.releaseListeningStream();
    }

    @Override
    public Flux<McpSchema.JSONRPCMessage> replay(Object lastEventId) {
      return session.replay(lastEventId);
    }

    @Override
    public McpStreamableServerSessionStream responseStream(McpStreamableServerTransport stream) {
      return session.responseStream(stream);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return session.closeGracefully();
    }

    @Override
    public void close() {
      session.close();
    }
  }

  /** A response stream that drops from a listing what the caller may not see. */
  private record ListingFilter(McpStreamableServerTransport stream, Set<String> visible)
      implements McpStreamableServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return stream.sendMessage(filter(message));
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
      return stream.sendMessage(filter(message), messageId);
    }

    private McpSchema.JSONRPCMessage filter(McpSchema.JSONRPCMessage message) {
      if (!(message instanceof McpSchema.JSONRPCResponse response) || response.result() == null) {
        return message;
      }
      Object result = switch (response.result()) {
        case McpSchema.ListToolsResult tools -> new McpSchema.ListToolsResult(
            tools.tools().stream().filter(tool -> visible.contains(tool.name())).toList(), tools.nextCursor(),
            tools.meta());
        case McpSchema.ListResourcesResult resources -> new McpSchema.ListResourcesResult(
            resources.resources().stream().filter(resource -> visible.contains(resource.uri())).toList(),
            resources.nextCursor(), resources.meta());
        case McpSchema.ListPromptsResult prompts -> new McpSchema.ListPromptsResult(
            prompts.prompts().stream().filter(prompt -> visible.contains(prompt.name())).toList(),
            prompts.nextCursor(), prompts.meta());
        default -> response.result();
      };
      return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), result, null);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return stream.unmarshalFrom(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return stream.closeGracefully();
    }

    @Override
    public void close() {
      stream.close();
    }
  }
}
