package dev.arbiter.policy.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON value and where it began: 1-based line and column, or 0 for values made by code. Numbers
 * are {@code Long} when they are integers that fit, {@code BigDecimal} otherwise.
 */
public sealed interface Json {
  int line();

  int column();

  /** The JSON kind for messages: object, array, string, number, boolean, null. */
  String kind();

  /** Where something was written: 1-based, or 0 when unknown. */
  record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);
  }

  /** An object; {@code keys} says where each key was written, for errors about the key itself. */
  record JsonObject(Map<String, Json> members, Map<String, Position> keys, int line, int column) implements Json {
    public JsonObject {
      members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
      keys = Map.copyOf(keys);
    }

    public JsonObject(Map<String, Json> members, int line, int column) {
      this(members, Map.of(), line, column);
    }

    /** Where {@code key} was written; the object's own position when unknown. */
    public Position keyPosition(String key) {
      Position position = keys.get(key);
      return position != null ? position : new Position(line, column);
    }

    @Override
    public String kind() {
      return "object";
    }
  }

  record JsonArray(List<Json> elements, int line, int column) implements Json {
    public JsonArray {
      elements = List.copyOf(elements);
    }

    @Override
    public String kind() {
      return "array";
    }
  }

  record JsonString(String value, int line, int column) implements Json {
    public JsonString {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String kind() {
      return "string";
    }
  }

  record JsonNumber(Number value, int line, int column) implements Json {
    public JsonNumber {
      if (!(value instanceof Long) && !(value instanceof BigDecimal)) {
        throw new IllegalArgumentException("a JSON number is a Long or a BigDecimal");
      }
    }

    @Override
    public String kind() {
      return "number";
    }
  }

  record JsonBoolean(boolean value, int line, int column) implements Json {
    @Override
    public String kind() {
      return "boolean";
    }
  }

  record JsonNull(int line, int column) implements Json {
    @Override
    public String kind() {
      return "null";
    }
  }
}
