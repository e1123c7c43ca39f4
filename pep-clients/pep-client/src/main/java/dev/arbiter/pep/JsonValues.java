package dev.arbiter.pep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns caller-supplied property values into immutable JSON values with one representation per
 * value, so that equal requests are equal objects (the decision cache relies on it): integers
 * become {@link Long}, floating-point numbers {@link Double}, other numbers {@link BigDecimal}
 * without trailing zeros, collections and arrays unmodifiable {@link List}s, maps unmodifiable maps
 * with string keys. Anything else is refused, naming where it was found.
 */
final class JsonValues {
  private JsonValues() {}

  /** An immutable copy of a JSON object given as a map; {@code null} is the empty object. */
  static Map<String, Object> object(Map<String, ?> members, String where) {
    if (members == null || members.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(members.size() * 2);
    for (Map.Entry<String, ?> member : members.entrySet()) {
      if (member.getKey() == null) {
        throw new IllegalArgumentException(where + " has a null key");
      }
      copy.put(member.getKey(), value(member.getValue(), where + "." + member.getKey()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** An immutable copy of one JSON value. */
  static Object value(Object value, String where) {
    return switch (value) {
      case null -> null;
      case String text -> text;
      case Boolean flag -> flag;
      case Long number -> number;
      case Integer number -> number.longValue();
      case Short number -> number.longValue();
      case Byte number -> number.longValue();
      case Double number -> finite(number, where);
      case Float number -> finite(number.doubleValue(), where);
      case BigInteger number -> number.bitLength() < Long.SIZE ? (Object) number.longValue() : new BigDecimal(number);
      case BigDecimal number -> number.stripTrailingZeros();
      case Map<?, ?> map -> map(map, where);
      case Collection<?> items -> list(items, where);
      case Object[] items -> list(List.of(items), where);
      default -> throw new IllegalArgumentException(where + " is a " + value.getClass().getName()
          + ", which is not a JSON value (strings, booleans, numbers, lists, maps with string keys, null)");
    };
  }

  private static Double finite(double number, String where) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(where + " is " + number + ", which JSON cannot carry");
    }
    return number;
  }

  private static Map<String, Object> map(Map<?, ?> map, String where) {
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> member : map.entrySet()) {
      if (!(member.getKey() instanceof String key)) {
        throw new IllegalArgumentException(where + " has a key that is not a string: " + member.getKey());
      }
      copy.put(key, value(member.getValue(), where + "." + key));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<Object> list(Collection<?> items, String where) {
    List<Object> copy = new ArrayList<>(items.size());
    int index = 0;
    for (Object item : items) {
      copy.add(value(item, where + "[" + index++ + "]"));
    }
    return Collections.unmodifiableList(copy);
  }

  static String requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return text;
  }
}
