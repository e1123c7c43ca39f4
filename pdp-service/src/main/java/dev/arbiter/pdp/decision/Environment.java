package dev.arbiter.pdp.decision;

import dev.arbiter.pdp.grants.GrantBook;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonBoolean;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes the PDP owns rather than the caller: the current time, and who the subject is when
 * a verified token says so, and whether a task grant covers the call ({@code context.granted}, when
 * the schema declares it). Applied to the request tree before the schema decodes it, so the values
 * are typed and checked like any other. A caller cannot forge them: its own values are replaced.
 */
final class Environment {
  static final String TIME = "time";
  static final String SUBJECT_VERIFIED = "subject_verified";
  static final String UNTRUSTED_SUBJECT = "untrusted_subject";
  static final String AGENT = "agent";
  static final String GRANTED = "granted";
  static final String SESSION = "session";
  static final String TASK = "task";

  private Environment() {}

  /** The request with the PDP's attributes in place, or why the token and the request disagree. */
  static Applied apply(JsonObject request, Schema schema, Instant now, Optional<VerifiedSubject> verified,
      GrantBook grants) {
    Map<String, Json> root = new LinkedHashMap<>(request.members());
    Map<String, Json> context = new LinkedHashMap<>();
    switch (root.get("context")) {
      case null -> {}
      case Json.JsonNull absent -> {}
      case JsonObject given -> context.putAll(given.members());
      default -> {
        return new Ready(request); // the schema rejects a context that is not an object, with its message
      }
    }
    if (verified.isPresent()) {
      VerifiedSubject subject = verified.get();
      Map<String, Json> claimed = new LinkedHashMap<>();
      if (root.get("subject") instanceof JsonObject requested) {
        if (requested.members().get("id") instanceof JsonString id && !id.value().equals(subject.id())) {
          return new Conflict("`subject.id` is \"" + id.value() + "\" but the verified token's subject is \""
              + subject.id() + "\"");
        }
        claimed.putAll(requested.members());
        Json untrusted = requested.members().get("properties");
        if (untrusted != null) {
          context.put(UNTRUSTED_SUBJECT, untrusted);
        }
      }
      claimed.put("id", new JsonString(subject.id(), 0, 0));
      claimed.put("properties", subject.properties());
      root.put("subject", new JsonObject(claimed, 0, 0));
      if (subject.agent() != null) {
        context.put(AGENT, new JsonString(subject.agent(), 0, 0));
      }
    } else {
      context.remove(UNTRUSTED_SUBJECT);
    }
    context.put(SUBJECT_VERIFIED, new JsonBoolean(verified.isPresent(), 0, 0));
    Attribute time = schema.context().attributes().get(TIME);
    if (time != null && time.type() == Type.Primitive.DATETIME) {
      context.put(TIME, new JsonString(now.toString(), 0, 0));
    }
    Attribute granted = schema.context().attributes().get(GRANTED);
    if (granted != null && granted.type() == Type.Primitive.BOOL) {
      context.put(GRANTED, new JsonBoolean(isGranted(root, context, grants), 0, 0));
    }
    root.put("context", new JsonObject(context, 0, 0));
    return new Ready(new JsonObject(root, request.line(), request.column()));
  }

  /**
   * Whether a grant of the request's {@code context.session} (and {@code context.task}) covers its
   * action on its resource with its {@code context.arguments}. No session, no grant.
   */
  private static boolean isGranted(Map<String, Json> root, Map<String, Json> context, GrantBook grants) {
    if (!(context.get(SESSION) instanceof JsonString session)
        || !(root.get("action") instanceof JsonObject action && action.members().get("name") instanceof JsonString name)
        || !(root.get("resource") instanceof JsonObject resource && resource.members().get("id") instanceof JsonString id)) {
      return false;
    }
    Optional<String> task = context.get(TASK) instanceof JsonString given ? Optional.of(given.value()) : Optional.empty();
    Json arguments = context.getOrDefault("arguments", new Json.JsonNull(0, 0));
    return grants.allows(session.value(), task, name.value(), id.value(), arguments);
  }

  sealed interface Applied {}

  record Ready(JsonObject request) implements Applied {}

  record Conflict(String message) implements Applied {}
}
