package dev.arbiter.pep;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One question for the PDP, in AuthZEN's shape: may {@code subject} take {@code action} on
 * {@code resource}, in {@code context}?
 *
 * <p>Property and context values are JSON values: {@code String}, {@code Boolean}, numbers, {@code
 * List}s (or other collections and arrays), {@code Map}s with string keys, and {@code null}. They
 * are copied into one canonical, immutable form (integers as {@code Long}, floating-point numbers
 * as {@code Double}), so two requests that mean the same are {@link #equals equal} whatever map
 * order or integer type they were built with. The decision cache is keyed by this equality.
 *
 * <p>The subject token, when present, is the end user's or agent's access token, forwarded to the
 * PDP ({@code X-Subject-Token} over HTTP, {@code subject_token} over gRPC) so that the PDP derives the
 * subject's attributes from verified claims. It is part of the request's identity (a cached answer
 * for one token never serves another) and is left out of {@link #toString()}.
 *
 * @param subject who asks; not null
 * @param action what it wants to do; not null
 * @param resource on what; not null
 * @param context further attributes (arguments of a tool call, the client's address…); {@code
 *     null} means none
 * @param subjectToken the subject's access token to forward, if any; {@code null} means none
 */
public record AccessRequest(Subject subject, Action action, Resource resource, Map<String, Object> context,
    Optional<String> subjectToken) {
  /**
   * Validates and copies the components.
   *
   * @throws NullPointerException if {@code subject}, {@code action} or {@code resource} is null
   * @throws IllegalArgumentException if a context value is not a JSON value or the token is blank
   */
  public AccessRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    context = JsonValues.object(context, "context");
    subjectToken = subjectToken == null ? Optional.empty() : subjectToken;
    subjectToken.ifPresent(token -> JsonValues.requireText(token, "the subject token"));
  }

  /** A request without context or subject token. */
  public static AccessRequest of(Subject subject, Action action, Resource resource) {
    return new AccessRequest(subject, action, resource, Map.of(), Optional.empty());
  }

  /** This request with {@code context} instead of its own. */
  public AccessRequest withContext(Map<String, ?> context) {
    return new AccessRequest(subject, action, resource, JsonValues.object(context, "context"), subjectToken);
  }

  /** This request forwarding {@code token} as the subject's access token. */
  public AccessRequest withSubjectToken(String token) {
    return new AccessRequest(subject, action, resource, context, Optional.of(token));
  }

  /** The request without the subject token's value. */
  @Override
  public String toString() {
    return "AccessRequest[subject=" + subject + ", action=" + action + ", resource=" + resource + ", context="
        + context + ", subjectToken=" + (subjectToken.isPresent() ? "<present>" : "<none>") + "]";
  }
}
