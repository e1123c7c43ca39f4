package dev.arbiter.pdp.decision;

import java.security.Principal;
import java.util.Objects;

/**
 * Who asked for a decision, as the audit trail records it.
 *
 * @param name the authenticated principal
 * @param via the protocol: {@code rest}, {@code mcp} or {@code grpc}
 */
public record Caller(String name, String via) {
  public static final String REST = "rest";
  public static final String MCP = "mcp";
  public static final String GRPC = "grpc";

  public Caller {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(via, "via");
  }

  /** The caller an authenticated principal is; {@code anonymous} without one. */
  public static Caller of(Principal principal, String via) {
    return new Caller(principal != null ? principal.getName() : "anonymous", via);
  }
}
