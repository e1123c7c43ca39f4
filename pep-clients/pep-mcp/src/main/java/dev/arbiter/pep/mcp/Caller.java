package dev.arbiter.pep.mcp;

import dev.arbiter.pep.Subject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who makes a call, as the PDP sees it: the token's subject, with the token's claims as subject
 * properties the way the PDP itself derives them from a verified token (every claim that is not a
 * registered JWT claim under its own name, {@code scopes} split from {@code scope}, {@code roles}
 * from {@code groups}), and the client as {@code context.agent}.
 */
record Caller(VerifiedToken token, Subject subject, String agent) {
  private static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "typ", "azp",
      "client_id", "auth_time", "nonce", "at_hash", "sid");

  static Caller of(VerifiedToken token, String subjectType) {
    Map<String, Object> claims = token.claims();
    Map<String, Object> properties = new LinkedHashMap<>();
    claims.forEach((name, value) -> {
      if (!REGISTERED.contains(name) && value != null) {
        properties.put(name, value);
      }
    });
    if (claims.get("scope") instanceof String scope) {
      properties.put("scopes", Arrays.stream(scope.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList());
    }
    if (claims.get("groups") instanceof List<?> groups) {
      properties.put("roles", groups);
    }
    String agent = claims.get("client_id") instanceof String clientId ? clientId
        : claims.get("azp") instanceof String azp ? azp : null;
    return new Caller(token, new Subject(subjectType, token.subject(), properties), agent);
  }

  /** The context every request of this caller starts from. */
  Map<String, Object> context() {
    Map<String, Object> context = new LinkedHashMap<>();
    if (agent != null) {
      context.put("agent", agent);
    }
    return context;
  }
}
