package dev.arbiter.pep.mcp;

import io.modelcontextprotocol.spec.McpError;

/**
 * The HTTP request the current thread is serving, as far as {@link McpBearerAuth}'s filter and the
 * gate share it: the caller the filter verified, and the gate's refusal of the session the request
 * asked to start. MCP SDK 2.1.0 starts a session ({@code initialize}) synchronously on that thread
 * but without the transport context every later request carries, so this is how {@code initialize}
 * is authorized for its caller; and it answers a failed session start with HTTP 500 and a
 * serialized exception, so the filter answers a refused one itself. The filter sets it for exactly
 * the time the request is inside it.
 */
final class RequestCaller {
  private static final ThreadLocal<Served> CURRENT = new ThreadLocal<>();

  /** One request: its caller, and the refusal of its {@code initialize}, once there is one. */
  private static final class Served {
    private final VerifiedToken caller;
    private McpError refusal;

    private Served(VerifiedToken caller) {
      this.caller = caller;
    }
  }

  private RequestCaller() {}

  static void set(VerifiedToken caller) {
    CURRENT.set(new Served(caller));
  }

  static void clear() {
    CURRENT.remove();
  }

  /** The caller of the request this thread serves; {@code null} outside the filter. */
  static VerifiedToken current() {
    Served served = CURRENT.get();
    return served == null ? null : served.caller;
  }

  /** Records that the session this request asked for was refused, for the filter to answer. */
  static void refuse(McpError refusal) {
    Served served = CURRENT.get();
    if (served != null) {
      served.refusal = refusal;
    }
  }

  /** The refusal of this request's {@code initialize}; {@code null} if there is none. */
  static McpError refusal() {
    Served served = CURRENT.get();
    return served == null ? null : served.refusal;
  }
}
