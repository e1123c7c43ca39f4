package dev.arbiter.audit;

import dev.arbiter.policy.json.Json;
import dev.arbiter.policy.json.Json.JsonArray;
import dev.arbiter.policy.json.Json.JsonBoolean;
import dev.arbiter.policy.json.Json.JsonNull;
import dev.arbiter.policy.json.Json.JsonNumber;
import dev.arbiter.policy.json.Json.JsonObject;
import dev.arbiter.policy.json.Json.JsonString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one byte encoding of a JSON value that audit hashes are computed over. Two equal trees always
 * encode to the same bytes, and decoding the bytes and encoding again gives them back:
 *
 * <ul>
 *   <li>UTF-8, no whitespace between tokens;
 *   <li>object members sorted by key, comparing keys as sequences of UTF-16 code units (as {@link
 *       String#compareTo} and RFC 8785 do);
 *   <li>strings: {@code "} and {@code \} escaped with a backslash; U+0008, U+0009, U+000A, U+000C,
 *       U+000D as {@code \b \t \n \f \r}; other characters below U+0020 and unpaired surrogates as
 *       {@code \}{@code u} and four lowercase hex digits; everything else as itself;
 *   <li>numbers: an integer in the signed 64-bit range as plain decimal digits ({@code -12}, {@code
 *       0}); any other number as {@link BigDecimal#toString()} of its value with trailing zeros
 *       stripped ({@code 0.5}, {@code 1E+20}, {@code 1E-7});
 *   <li>{@code true}, {@code false}, {@code null}.
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class CanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** The canonical bytes of {@code value}. */
  public static byte[] encode(Json value) {
    StringBuilder out = new StringBuilder(256);
    write(out, value);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder out, Json value) {
    switch (value) {
      case JsonNull n -> out.append("null");
      case JsonBoolean b -> out.append(b.value());
      case JsonNumber n -> out.append(number(n.value()));
      case JsonString s -> string(out, s.value());
      case JsonArray array -> {
        out.append('[');
        for (int i = 0; i < array.elements().size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(out, array.elements().get(i));
        }
        out.append(']');
      }
      case JsonObject object -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Json> member : new TreeMap<>(object.members()).entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, member.getKey());
          out.append(':');
          write(out, member.getValue());
        }
        out.append('}');
      }
    }
  }

  /** A number's one spelling; see the class description. */
  static String number(Number value) {
    if (value instanceof Long l) {
      return Long.toString(l);
    }
    BigDecimal decimal = ((BigDecimal) value).stripTrailingZeros();
    if (decimal.scale() <= 0 && decimal.precision() - decimal.scale() <= 19) {
      try {
        return Long.toString(decimal.longValueExact());
      } catch (ArithmeticException outOfRange) {
        // a 19-digit integer beyond the 64-bit range: spelled as a decimal below
      }
    }
    return decimal.toString();
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || unpairedSurrogate(text, i)) {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean unpairedSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }
}
