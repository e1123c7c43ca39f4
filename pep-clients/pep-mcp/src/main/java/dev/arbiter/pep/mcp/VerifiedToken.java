package dev.arbiter.pep.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Map;
import java.util.Objects;

/**
 * A caller's access token after its signature, issuer, audience and expiry were checked: what
 * {@link McpBearerAuth}'s context extractor puts into the {@link McpTransportContext} under {@link
 * #CONTEXT_KEY}, and what {@link McpPep} authorizes with. A server with its own authentication can
 * put one there itself.
 *
 * @param subject the token's {@code sub}; not blank
 * @param claims every claim of the token, as JSON values
 * @param token the token itself; kept out of {@link #toString()} and never sent to the PDP unless
 *     {@link McpPep.Builder#forwardSubjectToken(boolean)} says so
 */
public record VerifiedToken(String subject, Map<String, Object> claims, String token) {
  /** The key of the verified token in the {@link McpTransportContext}. */
  public static final String CONTEXT_KEY = "dev.arbiter.pep.mcp.token";

  public VerifiedToken {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a verified token names its subject");
    }
    claims = Map.copyOf(claims);
    Objects.requireNonNull(token, "token");
  }

  /** The verified token in {@code context}, if there is one. */
  public static VerifiedToken in(McpTransportContext context) {
    return context != null && context.get(CONTEXT_KEY) instanceof VerifiedToken verified ? verified : null;
  }

  @Override
  public String toString() {
    return "VerifiedToken[subject=" + subject + ", claims=" + claims.keySet() + "]";
  }
}
