package dev.arbiter.pep.mcp;

/**
 * The caller {@link McpBearerAuth}'s filter verified, for the HTTP request the current thread is
 * serving. MCP SDK 2.1.0 starts a session ({@code initialize}) synchronously on that thread but
 * without the transport context every later request carries, so this is how {@code initialize} is
 * authorized for its caller. The filter sets it for exactly the time the request is inside it.
 */
final class RequestCaller {
  private static final ThreadLocal<VerifiedToken> CURRENT = new ThreadLocal<>();

  private RequestCaller() {}

  /** The caller of the request this thread serves; {@code null} outside the filter. */
  static VerifiedToken current() {
    return CURRENT.get();
  }

  static void set(VerifiedToken caller) {
    CURRENT.set(caller);
  }

  static void clear() {
    CURRENT.remove();
  }
}
