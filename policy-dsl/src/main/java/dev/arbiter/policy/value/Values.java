package dev.arbiter.policy.value;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Operations on run-time values that every stage shares: naming, equality, parsing, printing. */
public final class Values {
  private static final Pattern DURATION =
      Pattern.compile("(-)?((?:\\d+(?:d|h|ms|m|s))+)");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(d|h|ms|m|s)");

  private Values() {}

  /** The language's name for the type of a run-time value, for messages. */
  public static String typeName(Object value) {
    return switch (value) {
      case null -> "nothing";
      case Boolean b -> "bool";
      case Long l -> "int";
      case BigDecimal d -> "decimal";
      case String s -> "string";
      case Instant i -> "datetime";
      case Duration d -> "duration";
      case IpRange ip -> "ip";
      case EntityUid e -> e.type();
      case Set<?> s -> "set";
      case List<?> l -> "list";
      case Map<?, ?> m -> "record";
      default -> value.getClass().getSimpleName();
    };
  }

  /**
   * Equality as {@code ==} sees it: ints and decimals compare by value, and a list equals a set
   * (a set literal written for a list) with the same elements in the same order.
   */
  public static boolean equal(Object a, Object b) {
    if (a.equals(b)) {
      return true;
    }
    if (a instanceof Set<?> x && b instanceof Set<?> y) {
      return x.size() == y.size() && x.stream().allMatch(e -> contains(y, e));
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return x.keySet().equals(y.keySet()) && x.entrySet().stream().allMatch(e -> equal(e.getValue(), y.get(e.getKey())));
    }
    if ((a instanceof List<?> || a instanceof Set<?>) && (b instanceof List<?> || b instanceof Set<?>)) {
      Iterator<?> i = ((Collection<?>) a).iterator();
      Iterator<?> j = ((Collection<?>) b).iterator();
      while (i.hasNext() && j.hasNext()) {
        if (!equal(i.next(), j.next())) {
          return false;
        }
      }
      return !i.hasNext() && !j.hasNext();
    }
    if (a instanceof Long x && b instanceof BigDecimal y) {
      return BigDecimal.valueOf(x).compareTo(y) == 0;
    }
    if (a instanceof BigDecimal x && b instanceof Long y) {
      return x.compareTo(BigDecimal.valueOf(y)) == 0;
    }
    return false;
  }

  /** Membership as {@code in} sees it. */
  public static boolean contains(Collection<?> collection, Object element) {
    if (collection.contains(element)) {
      return true;
    }
    if (needsValueEquality(element)) {
      for (Object candidate : collection) {
        if (equal(candidate, element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Values whose Java equality is narrower than {@code ==}: numbers, and collections that may hold them. */
  private static boolean needsValueEquality(Object value) {
    return value instanceof Long || value instanceof BigDecimal || value instanceof Collection<?> || value instanceof Map<?, ?>;
  }

  /** The most digits, and the largest exponent, a decimal may have: beyond, arithmetic and printing explode. */
  public static final int MAX_DECIMAL_DIGITS = 100;

  /**
   * A decimal in the form equality needs: {@code 1.50} and {@code 1.5} are the same value.
   *
   * @throws EvaluationError when it has more than {@value #MAX_DECIMAL_DIGITS} digits or an
   *     exponent beyond that
   */
  public static BigDecimal decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.precision() > MAX_DECIMAL_DIGITS || Math.abs((long) stripped.scale()) > MAX_DECIMAL_DIGITS) {
      throw new EvaluationError("decimal out of range: at most " + MAX_DECIMAL_DIGITS
          + " digits, and no more than " + MAX_DECIMAL_DIGITS + " places either side of the point");
    }
    return stripped;
  }

  /**
   * An immutable set that keeps insertion order, so output is deterministic, and holds each value
   * once as {@code ==} counts: {@code 1} and {@code 1.0} are one element.
   */
  public static Set<Object> set(Collection<?> elements) {
    Set<Object> set = new LinkedHashSet<>();
    for (Object element : elements) {
      if (!set.contains(element) && !(needsValueEquality(element) && contains(set, element))) {
        set.add(element);
      }
    }
    return Collections.unmodifiableSet(set);
  }

  private static final Class<?> RECORD = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

  /** An immutable record that keeps insertion order; one made here already is returned as it is. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> record(Map<String, ?> attributes) {
    if (attributes.getClass() == RECORD) {
      return (Map<String, Object>) attributes;
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * Parses a datetime: ISO 8601 with an offset ({@code 2026-03-02T10:15:00Z}, {@code
   * 2026-03-02T10:15:00+01:00}) or a date ({@code 2026-03-02}, midnight UTC).
   */
  public static Instant parseDatetime(String text) {
    Instant utc = utcSeconds(text);
    if (utc != null) {
      return utc;
    }
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      if (isLocalDateTime(text)) {
        throw new EvaluationError("`" + text + "` has no offset; add `Z` for UTC or an offset such as `+01:00`");
      }
      throw new EvaluationError("`" + text + "` is not a datetime; expected ISO 8601 such as "
          + "`2026-03-02T10:15:00Z` or `2026-03-02`");
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ssZ}, the form the PDP gives {@code context.time} in every request, read
   * without {@link java.time.format.DateTimeFormatter}, which costs microseconds a request; null for
   * any other text, and for an impossible date or time, which the general parser then reports.
   */
  private static Instant utcSeconds(String text) {
    if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isLocalDateTime(String text) {
    try {
      java.time.LocalDateTime.parse(text);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** Parses a duration: {@code 90s}, {@code 1h30m}, {@code 2d}, {@code 500ms}, {@code -15m}. */
  public static Duration parseDuration(String text) {
    Matcher whole = DURATION.matcher(text);
    if (!whole.matches()) {
      throw new EvaluationError("`" + text + "` is not a duration; expected a number and a unit "
          + "(d, h, m, s, ms) or several, such as `1h30m`");
    }
    Duration total = Duration.ZERO;
    try {
      Matcher part = DURATION_PART.matcher(whole.group(2));
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(switch (part.group(2)) {
          case "d" -> Duration.ofDays(amount);
          case "h" -> Duration.ofHours(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "s" -> Duration.ofSeconds(amount);
          default -> Duration.ofMillis(amount);
        });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new EvaluationError("duration `" + text + "` is out of range");
    }
    return whole.group(1) != null ? total.negated() : total;
  }

  /** Prints a duration the way {@link #parseDuration} reads it. */
  public static String formatDuration(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.equals(Duration.ofSeconds(Long.MIN_VALUE))) {
      return "-" + Long.MIN_VALUE + "s"; // its absolute value does not exist
    }
    StringBuilder out = new StringBuilder(duration.isNegative() ? "-" : "");
    Duration rest = duration.abs();
    long days = rest.toDays();
    long hours = rest.toHoursPart();
    long minutes = rest.toMinutesPart();
    long seconds = rest.toSecondsPart();
    long millis = rest.toMillisPart();
    if (days > 0) out.append(days).append('d');
    if (hours > 0) out.append(hours).append('h');
    if (minutes > 0) out.append(minutes).append('m');
    if (seconds > 0) out.append(seconds).append('s');
    if (millis > 0) out.append(millis).append("ms");
    return out.toString();
  }

  /** A value as policy text would write it, for messages and test output. */
  public static String render(Object value) {
    return switch (value) {
      case null -> "nothing";
      case String s -> quote(s);
      case Instant i -> "datetime(\"" + i + "\")";
      case Duration d -> "duration(\"" + formatDuration(d) + "\")";
      case IpRange ip -> "ip(\"" + ip + "\")";
      case BigDecimal d -> d.toPlainString();
      case Collection<?> c -> {
        StringBuilder out = new StringBuilder("[");
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
          out.append(render(it.next()));
          if (it.hasNext()) out.append(", ");
        }
        yield out.append(']').toString();
      }
      case Map<?, ?> m -> {
        StringBuilder out = new StringBuilder("{");
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          out.append(' ').append(e.getKey()).append(": ").append(render(e.getValue()));
          if (it.hasNext()) out.append(',');
        }
        yield out.append(m.isEmpty() ? "}" : " }").toString();
      }
      default -> value.toString();
    };
  }

  /** A string literal with the language's escapes. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(text, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean validSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
