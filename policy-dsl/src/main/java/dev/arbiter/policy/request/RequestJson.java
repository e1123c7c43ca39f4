package dev.arbiter.policy.request;

import dev.arbiter.policy.data.ValueDecoder;
import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import dev.arbiter.policy.json.JsonReader;
import dev.arbiter.policy.schema.EntityTypeInfo;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.value.EntityUid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads authorization requests in the AuthZEN shape: {@code {"subject": {"type", "id",
 * "properties"}, "action": {"name", "properties"}, "resource": {"type", "id", "properties"},
 * "context": {...}}}. Properties of declared types are decoded by the schema; keys nobody declared
 * are ignored, as AuthZEN asks. Thread-safe.
 */
public final class RequestJson {
  private static final JsonReader READER = new JsonReader(JsonReader.Limits.REQUEST);
  private static final ValueDecoder DECODER = new ValueDecoder(ValueDecoder.UnknownAttributes.IGNORE);

  private RequestJson() {}

  /** A request, or every reason the input is not one. */
  public sealed interface Result {}

  public record Valid(Request request) implements Result {}

  public record Invalid(List<String> problems) implements Result {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  /** Reads a request from JSON text. */
  public static Result read(String text, Schema schema) {
    return switch (READER.read(text)) {
      case JsonReader.Failed failed -> new Invalid(List.of("malformed JSON at line " + failed.failure().line()
          + ", column " + failed.failure().column() + ": " + failed.failure().message()));
      case JsonReader.Parsed parsed -> read(parsed.json(), schema);
    };
  }

  /** Reads a request from a JSON tree. */
  public static Result read(Json json, Schema schema) {
    List<String> problems = new ArrayList<>();
    if (!(json instanceof JsonObject root)) {
      return new Invalid(List.of("a request is a JSON object with subject, action and resource, found " + json.kind()));
    }
    Request.Entity subject = entity(root, "subject", schema, problems);
    Request.Action action = action(root, schema, problems);
    Request.Entity resource = entity(root, "resource", schema, problems);
    Map<String, Object> context = Map.of();
    Json contextJson = root.members().get("context");
    if (contextJson instanceof JsonObject object) {
      context = DECODER.attributes(object, schema.context(), "context", collector(problems));
    } else if (contextJson != null && !(contextJson instanceof Json.JsonNull)) {
      problems.add("`context` must be an object, found " + contextJson.kind());
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    return new Valid(new Request(subject, action, resource, context));
  }

  private static Request.Entity entity(JsonObject root, String role, Schema schema, List<String> problems) {
    if (!(root.members().get(role) instanceof JsonObject object)) {
      problems.add(root.members().containsKey(role)
          ? "`" + role + "` must be an object with `type` and `id`, found " + root.members().get(role).kind()
          : "`" + role + "` is missing");
      return null;
    }
    String type = string(object, role, "type", problems);
    String id = string(object, role, "id", problems);
    if (type == null || id == null) {
      return null;
    }
    Map<String, Object> properties = properties(object, role, schema.entityType(type)
        .map(EntityTypeInfo::attributes).orElse(null), problems);
    return new Request.Entity(new EntityUid(type, id), properties);
  }

  private static Request.Action action(JsonObject root, Schema schema, List<String> problems) {
    if (!(root.members().get("action") instanceof JsonObject object)) {
      problems.add(root.members().containsKey("action")
          ? "`action` must be an object with `name`, found " + root.members().get("action").kind()
          : "`action` is missing");
      return null;
    }
    String name = string(object, "action", "name", problems);
    Map<String, Object> properties = properties(object, "action", schema.actionProperties(), problems);
    return name == null ? null : new Request.Action(name, properties);
  }

  /** Properties typed by the schema; for a type it does not declare, as they come. */
  private static Map<String, Object> properties(JsonObject owner, String role, Type.RecordType declared, List<String> problems) {
    Json json = owner.members().get("properties");
    if (json == null || json instanceof Json.JsonNull) {
      return Map.of();
    }
    if (!(json instanceof JsonObject object)) {
      problems.add("`" + role + ".properties` must be an object, found " + json.kind());
      return Map.of();
    }
    if (declared == null) {
      Object dynamic = DECODER.decode(object, Type.Special.ANY, role + ".properties", collector(problems));
      @SuppressWarnings("unchecked")
      Map<String, Object> values = dynamic == null ? Map.of() : (Map<String, Object>) dynamic;
      return values;
    }
    return DECODER.attributes(object, declared, role + ".properties", collector(problems));
  }

  private static String string(JsonObject object, String role, String key, List<String> problems) {
    Json value = object.members().get(key);
    if (value instanceof JsonString s) {
      return s.value();
    }
    problems.add(value == null ? "`" + role + "." + key + "` is missing"
        : "`" + role + "." + key + "` must be a string, found " + value.kind());
    return null;
  }

  private static ValueDecoder.Problems collector(List<String> problems) {
    return (position, problem, message) -> problems.add(message);
  }
}
