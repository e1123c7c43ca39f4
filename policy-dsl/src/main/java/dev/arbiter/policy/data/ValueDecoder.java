package dev.arbiter.policy.data;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.*;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.schema.Type.*;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON into run-time values of a declared type, reporting every mismatch with its path and
 * JSON location. Stateless and thread-safe.
 */
public final class ValueDecoder {

  /** What kind of problem a JSON value has against its declared type. */
  public enum Problem {
    TYPE_MISMATCH,
    UNKNOWN_ATTRIBUTE,
    MISSING_ATTRIBUTE
  }

  /** Receives problems; the decoder goes on to find more. */
  @FunctionalInterface
  public interface Problems {
    void report(Json.Position at, Problem problem, String message);
  }

  /** Whether attributes the schema does not declare are refused (data files) or dropped (requests). */
  public enum UnknownAttributes {
    REJECT,
    IGNORE
  }

  private final UnknownAttributes unknownAttributes;

  public ValueDecoder(UnknownAttributes unknownAttributes) {
    this.unknownAttributes = unknownAttributes;
  }

  /**
   * The attributes of an entity or context: declared attributes decoded by type, the required ones
   * allowed to be missing (another source may supply them).
   *
   * @return the decoded attributes; those with problems are left out
   */
  public Map<String, Object> attributes(JsonObject object, RecordType type, String path, Problems problems) {
    return record(object, type, path, problems, false);
  }

  /** Decodes {@code json} as a value of {@code type}; {@code null} when a problem was reported. */
  public Object decode(Json json, Type type, String path, Problems problems) {
    return switch (type) {
      case Special s when s == Special.ANY -> dynamic(json, path, problems);
      case Special s -> {
        problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "` cannot hold a value of type " + s);
        yield null;
      }
      case Primitive p -> primitive(json, p, path, problems);
      case SetType s -> {
        List<Object> elements = array(json, s.element(), path, problems, type);
        yield elements == null ? null : Values.set(elements);
      }
      case ListType l -> {
        List<Object> elements = array(json, l.element(), path, problems, type);
        yield elements == null ? null : List.copyOf(elements);
      }
      case MapType m -> {
        if (!(json instanceof JsonObject object)) {
          yield mismatch(json, type, path, problems);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Json> member : object.members().entrySet()) {
          if (member.getValue() instanceof JsonNull) {
            continue;
          }
          Object value = decode(member.getValue(), m.value(), path + "." + member.getKey(), problems);
          ok &= value != null;
          values.put(member.getKey(), value);
        }
        yield ok ? Values.record(values) : null;
      }
      case RecordType r -> json instanceof JsonObject object
          ? record(object, r, path, problems, true)
          : mismatch(json, type, path, problems);
      case EntityType e -> entity(json, e, path, problems);
      case RangeType r -> mismatch(json, type, path, problems);
    };
  }

  private Map<String, Object> record(
      JsonObject object, RecordType type, String path, Problems problems, boolean requireAll) {
    Map<String, Object> values = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, Json> member : object.members().entrySet()) {
      String name = member.getKey();
      String memberPath = path.isEmpty() ? name : path + "." + name;
      Attribute attribute = type.attributes().get(name);
      if (attribute == null) {
        if (unknownAttributes == UnknownAttributes.REJECT) {
          problems.report(object.keyPosition(name), Problem.UNKNOWN_ATTRIBUTE, "unknown attribute `" + memberPath
              + "`" + (type.attributes().isEmpty() ? "; none are declared" : "; declared: "
              + String.join(", ", type.attributes().keySet())));
          ok = false;
        }
        continue;
      }
      if (member.getValue() instanceof JsonNull) {
        continue;
      }
      Object value = decode(member.getValue(), attribute.type(), memberPath, problems);
      if (value == null) {
        ok = false;
      } else {
        values.put(name, value);
      }
    }
    if (requireAll) {
      for (Attribute attribute : type.attributes().values()) {
        if (!attribute.optional() && !object.members().containsKey(attribute.name())) {
          problems.report(position(object), Problem.MISSING_ATTRIBUTE, "missing attribute `"
              + (path.isEmpty() ? "" : path + ".") + attribute.name() + "` of type " + attribute.type());
          ok = false;
        }
      }
    }
    return ok || !requireAll ? Values.record(values) : null;
  }

  private List<Object> array(Json json, Type element, String path, Problems problems, Type declared) {
    if (!(json instanceof JsonArray array)) {
      mismatch(json, declared, path, problems);
      return null;
    }
    List<Object> values = new ArrayList<>(array.elements().size());
    boolean ok = true;
    for (int i = 0; i < array.elements().size(); i++) {
      Object value = decode(array.elements().get(i), element, path + "[" + i + "]", problems);
      ok &= value != null;
      values.add(value);
    }
    return ok ? values : null;
  }

  private static Object primitive(Json json, Primitive type, String path, Problems problems) {
    try {
      return switch (type) {
        case BOOL -> json instanceof JsonBoolean b ? b.value() : mismatch(json, type, path, problems);
        case INT -> json instanceof JsonNumber n ? integer(n, path, problems) : mismatch(json, type, path, problems);
        case DECIMAL -> json instanceof JsonNumber n
            ? Values.decimal(n.value() instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) n.value())
            : mismatch(json, type, path, problems);
        case STRING -> json instanceof JsonString s ? s.value() : mismatch(json, type, path, problems);
        case DATETIME -> json instanceof JsonString s ? Values.parseDatetime(s.value()) : mismatch(json, type, path, problems);
        case DURATION -> json instanceof JsonString s ? Values.parseDuration(s.value()) : mismatch(json, type, path, problems);
        case IP -> json instanceof JsonString s ? IpRange.of(s.value()) : mismatch(json, type, path, problems);
      };
    } catch (EvaluationError e) {
      problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "`: " + e.getMessage());
      return null;
    }
  }

  private static Object integer(JsonNumber number, String path, Problems problems) {
    if (number.value() instanceof Long l) {
      return l;
    }
    BigDecimal decimal = (BigDecimal) number.value();
    try {
      return decimal.longValueExact();
    } catch (ArithmeticException e) {
      problems.report(position(number), Problem.TYPE_MISMATCH, "`" + path + "` must be int, found " + shortNumber(decimal)
          + (decimal.stripTrailingZeros().scale() > 0 ? " (not a whole number)" : " (out of the 64-bit range)"));
      return null;
    }
  }

  private static Object entity(Json json, EntityType type, String path, Problems problems) {
    if (json instanceof JsonObject object
        && object.members().size() == 2
        && object.members().get("type") instanceof JsonString entityType
        && object.members().get("id") instanceof JsonString id) {
      if (!type.names().isEmpty() && !type.names().contains(entityType.value())) {
        problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "` must be an entity of type " + type
            + ", found `" + entityType.value() + "`");
        return null;
      }
      return new EntityUid(entityType.value(), id.value());
    }
    problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "` must be an entity reference "
        + "{\"type\": \"…\", \"id\": \"…\"}, found " + json.kind());
    return null;
  }

  /** JSON of undeclared shape: objects become records, arrays lists, null members are dropped. */
  private static Object dynamic(Json json, String path, Problems problems) {
    return switch (json) {
      case JsonObject object -> {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Json> member : object.members().entrySet()) {
          if (member.getValue() instanceof JsonNull) {
            continue;
          }
          Object value = dynamic(member.getValue(), path + "." + member.getKey(), problems);
          if (value == null) {
            yield null;
          }
          values.put(member.getKey(), value);
        }
        yield Values.record(values);
      }
      case JsonArray array -> {
        List<Object> values = new ArrayList<>(array.elements().size());
        for (int i = 0; i < array.elements().size(); i++) {
          Object value = dynamic(array.elements().get(i), path + "[" + i + "]", problems);
          if (value == null) {
            yield null;
          }
          values.add(value);
        }
        yield List.copyOf(values);
      }
      case JsonString s -> s.value();
      case JsonNumber n -> {
        if (!(n.value() instanceof BigDecimal d)) {
          yield n.value();
        }
        try {
          yield Values.decimal(d);
        } catch (EvaluationError e) {
          problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "`: " + e.getMessage());
          yield null;
        }
      }
      case JsonBoolean b -> b.value();
      case JsonNull n -> {
        problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "` is null inside an array; null has no value in policies");
        yield null;
      }
    };
  }

  private static Object mismatch(Json json, Type expected, String path, Problems problems) {
    problems.report(position(json), Problem.TYPE_MISMATCH, "`" + path + "` must be " + expected + ", found " + describe(json));
    return null;
  }

  /** A number for a message: plain when short, scientific and cut otherwise, so a tiny input never makes a huge message. */
  private static String shortNumber(BigDecimal number) {
    String plain = number.precision() - number.scale() <= 40 && number.scale() <= 40 ? number.toPlainString() : number.toString();
    return plain.length() <= 40 ? plain : plain.substring(0, 37) + "...";
  }

  private static Json.Position position(Json json) {
    return new Json.Position(json.line(), json.column());
  }

  private static String describe(Json json) {
    return switch (json) {
      case JsonString s -> "string " + Values.quote(s.value().length() > 40 ? s.value().substring(0, 40) + "…" : s.value());
      case JsonNumber n -> "number " + (n.value() instanceof BigDecimal d ? shortNumber(d) : n.value());
      case JsonBoolean b -> "boolean " + b.value();
      default -> json.kind();
    };
  }
}
