package dev.arbiter.pdp.decision;

import dev.arbiter.policy.json.Json.JsonObject;
import java.util.Objects;

/**
 * The subject as a verified access token describes it. When a request carries one, these
 * properties replace whatever the request said about the subject; the request's own subject
 * properties move to {@code context.untrusted_subject}, and {@code context.subject_verified} is
 * true.
 *
 * @param id the token's subject claim
 * @param properties subject properties derived from verified claims only
 * @param agent the client the token was issued to, if it says so
 */
public record VerifiedSubject(String id, JsonObject properties, String agent) {
  public VerifiedSubject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(properties, "properties");
  }
}
