package dev.arbiter.pdp.security;

import dev.arbiter.pdp.decision.VerifiedSubject;
import dev.arbiter.pdp.web.ApiError;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.JsonReader;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the access token a caller forwards for the subject (header {@value #HEADER}, or the MCP
 * endpoint's {@code token}) and turns its claims into subject properties. Only a verified token
 * counts; a token that does not verify refuses the request rather than being ignored, so a caller
 * never gets a decision about a subject it merely claimed.
 */
@Singleton
public class SubjectTokens {
  public static final String HEADER = "X-Subject-Token";

  /** Claims about the token itself, not about the subject. */
  private static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "typ", "azp",
      "client_id", "auth_time", "nonce", "at_hash", "sid");
  private static final JsonReader CLAIMS = new JsonReader(JsonReader.Limits.REQUEST);

  /** The verification's result. */
  public sealed interface Verification {}

  /** Verified, or no token was sent and none is required. */
  public record Accepted(Optional<VerifiedSubject> subject) implements Verification {}

  public record Refused(ApiError error) implements Verification {}

  private final SubjectTokenConfig config;
  private final Optional<JwtVerifier> verifier;

  SubjectTokens(SubjectTokenConfig config) {
    this.config = config;
    this.verifier = config.enabled() ? Optional.of(new JwtVerifier(config, "arbiter.subject-token")) : Optional.empty();
  }

  public Verification verify(String token) {
    if (token == null || token.isBlank()) {
      return config.required()
          ? refuse("missing_subject_token", "this PDP decides only for subjects with a verified token; send it in "
              + HEADER)
          : new Accepted(Optional.empty());
    }
    if (verifier.isEmpty()) {
      return refuse("subject_token_not_accepted", "this PDP is not configured to verify subject tokens"
          + " (arbiter.subject-token.enabled=false), so it cannot use one");
    }
    return switch (verifier.get().verify(token.trim())) {
      case JwtVerifier.Invalid invalid -> refuse("invalid_subject_token", "subject token: " + invalid.reason());
      case JwtVerifier.Valid valid -> subject(token.trim(), valid.token().getSubject());
    };
  }

  private Verification subject(String token, String subjectClaim) {
    if (subjectClaim == null || subjectClaim.isBlank()) {
      return refuse("invalid_subject_token", "subject token: it has no `sub` claim");
    }
    // The signature covers these bytes, so reading them directly gives exactly the verified claims.
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    if (!(CLAIMS.read(payload) instanceof JsonReader.Parsed parsed) || !(parsed.json() instanceof JsonObject claims)) {
      return refuse("invalid_subject_token", "subject token: its claims are not a JSON object");
    }
    return new Accepted(Optional.of(new VerifiedSubject(subjectClaim, properties(claims), agent(claims))));
  }

  /**
   * Subject properties from token claims: every claim about the subject under its own name, and the
   * configured renames ({@code scopes} from {@code scope}, {@code roles} from {@code groups}).
   */
  public JsonObject properties(JsonObject claims) {
    Map<String, Json> properties = new LinkedHashMap<>();
    claims.members().forEach((name, value) -> {
      if (!REGISTERED.contains(name)) {
        properties.put(name, value);
      }
    });
    config.claims().forEach((property, claim) -> {
      Json value = claims.members().get(claim);
      if (value != null) {
        properties.put(property, value instanceof JsonString words ? split(words) : value);
      }
    });
    return new JsonObject(properties, 0, 0);
  }

  /** The client the token was issued to: {@code client_id}, else {@code azp}. */
  public static String agent(JsonObject claims) {
    return claims.members().get("client_id") instanceof JsonString clientId ? clientId.value()
        : claims.members().get("azp") instanceof JsonString azp ? azp.value() : null;
  }

  private static JsonArray split(JsonString words) {
    List<Json> elements = new ArrayList<>();
    for (String word : words.value().trim().split("\\s+")) {
      if (!word.isEmpty()) {
        elements.add(new JsonString(word, 0, 0));
      }
    }
    return new JsonArray(elements, 0, 0);
  }

  private static Refused refuse(String code, String message) {
    return new Refused(new ApiError(400, code, message));
  }
}
