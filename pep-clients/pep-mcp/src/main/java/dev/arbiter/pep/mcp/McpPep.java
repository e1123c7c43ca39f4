package dev.arbiter.pep.mcp;

import dev.arbiter.pep.Fulfilment;
import dev.arbiter.pep.ObligationHandler;
import dev.arbiter.pep.ObligationHandlers;
import dev.arbiter.pep.PdpClient;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-call authorization for an MCP server built with the official MCP Java SDK, by an Arbiter PDP,
 * following the COAZ-MCP binding. One call protects a server's tools, resources and prompts:
 *
 * <pre>{@code
 * McpPep pep = McpPep.builder(pdpClient, "workspace").build();
 * McpSyncServer server = pep.protect(transport, tools, resources, prompts)
 *     .serverInfo("workspace", "1.0.0")
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>every request of every session passes one gate before its handler runs, whatever
 *       registered the tool, resource or prompt it names (also {@code addTool} on the built
 *       server): a tool hidden from a listing cannot be called by name either;
 *   <li>every {@code tools/call}, {@code resources/read} and {@code prompts/get} is authorized, with
 *       the call's arguments, by COAZ-MCP's default mapping or the tool's own {@code
 *       inputSchema["x-authzen-mapping"]};
 *   <li>{@code tools/list}, {@code resources/list} and {@code prompts/list} show only what the caller
 *       may see: one batch call per listing (the listing on the server, then each listed item
 *       under the listing's action), answered from the PDP client's cache, whose key includes the
 *       subject;
 *   <li>{@code initialize} is authorized on the server, as COAZ-MCP's default mapping says, before a
 *       session exists; every other method by the default mapping too: methods it does not know
 *       are refused, {@code ping} and notifications pass;
 *   <li>refusals are the binding's JSON-RPC errors: {@code -32001} for a denial, {@code -32602} for
 *       a call that cannot be mapped; in stealth mode a tool, resource or prompt the caller may not
 *       see answers as if it did not exist;
 *   <li>obligations: {@code mask(fields)} and {@code cap_result(max_chars)} on tool results, {@code
 *       rate_limit(key, per_minute)} counted and {@code max_concurrent(key, limit)} capped in this
 *       server, {@code require_approval(reason)} refused
 *       with how to get the approval, {@code audit(level)} understood. Handlers of the PDP client
 *       for these names take precedence, so an application can plug in its own approval workflow.
 * </ul>
 *
 * <p>The caller is the {@link VerifiedToken} in the transport context ({@link McpBearerAuth} puts
 * it there); without one every request is refused. The SDK starts a session without a transport
 * context, so {@code initialize} is authorized for the caller {@link McpBearerAuth#filter()} verified
 * for the HTTP request, and the filter answers its refusal with the binding's JSON-RPC error like
 * any other: without that filter in front of the transport no session starts. The PDP
 * receives the token's subject and claims, not the token, unless {@link
 * Builder#forwardSubjectToken(boolean)} is set. The PDP being unreachable is a refusal too (fail
 * closed). Immutable and thread-safe.
 */
public final class McpPep {
  private final PdpClient pdp;
  private final String server;
  private final String subjectType;
  private final boolean stealth;
  private final boolean forwardSubjectToken;

  private McpPep(Builder builder) {
    this.server = builder.server;
    this.subjectType = builder.subjectType;
    this.stealth = builder.stealth;
    this.forwardSubjectToken = builder.forwardSubjectToken;
    this.pdp = builder.pdp.withObligationHandlers(handlers(builder.pdp.obligationHandlers(),
        builder.approvalInstructions));
  }

  /**
   * A builder for the server known to the policies as {@code server} (the {@code mcp_server}
   * resource of listings and server-level methods).
   */
  public static Builder builder(PdpClient pdp, String server) {
    return new Builder(pdp, server);
  }

  /**
   * A server specification for {@code transport} with the given tools, resources and prompts
   * registered and the capabilities that offer them; set the server info (and anything else) on it
   * and build it. Building it puts the gate in front of the server's request handlers, and fails
   * with an {@link IllegalStateException} if this MCP SDK's handlers cannot be gated (pep-mcp
   * supports mcp-core 2.1.x).
   *
   * @throws IllegalArgumentException if a tool's {@code x-authzen-mapping} is malformed, or puts a
   *     subject in a batch item, or has an expression that does not compile
   */
  public McpServer.StreamableSyncSpecification protect(McpStreamableServerTransportProvider transport,
      List<SyncToolSpecification> tools, List<SyncResourceSpecification> resources,
      List<SyncPromptSpecification> prompts) {
    Map<String, DeclaredMapping> declared = new LinkedHashMap<>();
    for (SyncToolSpecification tool : tools) {
      Map<String, Object> schema = tool.tool().inputSchema();
      if (schema != null && schema.containsKey(DeclaredMapping.KEY)) {
        declared.put(tool.tool().name(), DeclaredMapping.compile(tool.tool().name(), schema.get(DeclaredMapping.KEY)));
      }
    }
    Enforcer enforcer = new Enforcer(pdp, server, subjectType, stealth, forwardSubjectToken, declared);
    McpServer.StreamableSyncSpecification specification = McpServer.sync(new GatedTransport(transport, enforcer));
    specification.capabilities(McpSchema.ServerCapabilities.builder()
        .tools(tools.isEmpty() ? null : false)
        .resources(resources.isEmpty() ? null : false, resources.isEmpty() ? null : false)
        .prompts(prompts.isEmpty() ? null : false)
        .build());
    specification.tools(tools).resources(resources).prompts(prompts);
    return specification;
  }

  /** The handlers of the obligations this library carries out, for names the client does not handle. */
  private static ObligationHandlers handlers(ObligationHandlers existing, String approvalInstructions) {
    Map<String, ObligationHandler> ours = new LinkedHashMap<>();
    ours.put("audit", (obligation, request) -> Fulfilment.accepted());
    ours.put(ResultObligations.MASK, ResultObligations.checker());
    ours.put(ResultObligations.CAP, ResultObligations.checker());
    ours.put(RateLimits.NAME, new RateLimits(Clock.systemUTC()));
    ours.put(ConcurrencyCaps.NAME, ConcurrencyCaps.checker());
    ours.put("require_approval", (obligation, request) -> Fulfilment.refused("this call needs an approval ("
        + obligation.stringArgument("reason").orElse("no reason given") + "). " + approvalInstructions));
    ObligationHandlers.Builder builder = ObligationHandlers.builder();
    ours.forEach((name, handler) -> {
      if (existing.handler(name).isEmpty()) {
        builder.handle(name, handler);
      }
    });
    return builder.build();
  }

  /** Collects the settings; not thread-safe. */
  public static final class Builder {
    private final PdpClient pdp;
    private final String server;
    private String subjectType = "identity";
    private boolean stealth;
    private boolean forwardSubjectToken;
    private String approvalInstructions = "Ask an approver to approve it, then call again.";

    private Builder(PdpClient pdp, String server) {
      this.pdp = Objects.requireNonNull(pdp, "pdp");
      if (server == null || server.isBlank()) {
        throw new IllegalArgumentException("the server's id in the policies is needed");
      }
      this.server = server;
    }

    /** The AuthZEN subject type of callers; {@code identity} unless set. */
    public Builder subjectType(String subjectType) {
      this.subjectType = Objects.requireNonNull(subjectType, "subjectType");
      return this;
    }

    /** Stealth mode: a tool, resource or prompt the caller may not see answers as if it did not exist. */
    public Builder stealth(boolean stealth) {
      this.stealth = stealth;
      return this;
    }

    /**
     * Sends the caller's token to the PDP as the subject token, for a PDP that verifies subject
     * tokens itself ({@code arbiter.subject-token.enabled}). Off unless set: the PDP gets the
     * subject and the claims this server verified.
     */
    public Builder forwardSubjectToken(boolean forward) {
      this.forwardSubjectToken = forward;
      return this;
    }

    /** What a refused {@code require_approval} tells the caller to do; a generic sentence unless set. */
    public Builder approvalInstructions(String instructions) {
      this.approvalInstructions = Objects.requireNonNull(instructions, "instructions");
      return this;
    }

    public McpPep build() {
      return new McpPep(this);
    }
  }
}
