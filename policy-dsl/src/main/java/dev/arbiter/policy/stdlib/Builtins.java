package dev.arbiter.policy.stdlib;

import static dev.arbiter.policy.schema.Type.Primitive.BOOL;
import static dev.arbiter.policy.schema.Type.Primitive.DATETIME;
import static dev.arbiter.policy.schema.Type.Primitive.DECIMAL;
import static dev.arbiter.policy.schema.Type.Primitive.DURATION;
import static dev.arbiter.policy.schema.Type.Primitive.INT;
import static dev.arbiter.policy.schema.Type.Primitive.IP;
import static dev.arbiter.policy.schema.Type.Primitive.STRING;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.schema.Type.SetType;
import dev.arbiter.policy.schema.Type.Special;
import dev.arbiter.policy.schema.Types;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.IpRange;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The registry of built-in functions. Immutable and thread-safe. */
public final class Builtins {
  private static final Map<String, Builtin> BY_NAME = new LinkedHashMap<>();

  static {
    // strings
    register("startsWith", "startsWith(text: string, prefix: string) -> bool", 2, 2,
        strings(2, BOOL), a -> string(a, 0).startsWith(string(a, 1)));
    register("endsWith", "endsWith(text: string, suffix: string) -> bool", 2, 2,
        strings(2, BOOL), a -> string(a, 0).endsWith(string(a, 1)));
    register("lower", "lower(text: string) -> string", 1, 1,
        strings(1, STRING), a -> string(a, 0).toLowerCase(Locale.ROOT));
    register("upper", "upper(text: string) -> string", 1, 1,
        strings(1, STRING), a -> string(a, 0).toUpperCase(Locale.ROOT));
    register("trim", "trim(text: string) -> string", 1, 1,
        strings(1, STRING), a -> string(a, 0).strip());
    register("glob", "glob(text: string, pattern: string) -> bool  (* any run, ? one character)", 2, 2,
        strings(2, BOOL), a -> Glob.matches(string(a, 0), string(a, 1)));
    register("matches", "matches(text: string, regex: string literal) -> bool  (RE2 syntax, unanchored)", 2, 2,
        Set.of(1), strings(2, BOOL), a -> regex(string(a, 1)).matcher(string(a, 0)).find());

    // collections and strings alike
    register("contains", "contains(collection: set | list | string, element) -> bool", 2, 2, Set.of(),
        Builtins::containsTyping, Builtins::contains);
    register("containsAll", "containsAll(collection: set | list, elements: set | list) -> bool", 2, 2, Set.of(),
        collections(BOOL), a -> collection(a, 0).containsAll(collection(a, 1)) || allIn(collection(a, 1), collection(a, 0)));
    register("containsAny", "containsAny(collection: set | list, elements: set | list) -> bool", 2, 2, Set.of(),
        collections(BOOL), a -> anyIn(collection(a, 1), collection(a, 0)));
    // elements compare as `==` does, so 1 and 1.0 are one element
    register("intersection", "intersection(a: set, b: set) -> set", 2, 2, Set.of(),
        collections(null), a -> combine(collection(a, 0), collection(a, 1), true, false));
    register("union", "union(a: set, b: set) -> set", 2, 2, Set.of(),
        collections(null), a -> combine(collection(a, 0), collection(a, 1), true, true));
    register("difference", "difference(a: set, b: set) -> set", 2, 2, Set.of(),
        collections(null), a -> combine(collection(a, 0), collection(a, 1), false, false));
    register("size", "size(value: set | list | map | record | string) -> int", 1, 1, Set.of(),
        sized(INT), a -> (long) size(a[0]));
    register("isEmpty", "isEmpty(value: set | list | map | record | string) -> bool", 1, 1, Set.of(),
        sized(BOOL), a -> size(a[0]) == 0);

    // constructors of typed values
    register("datetime", "datetime(text: string) -> datetime  (ISO 8601)", 1, 1,
        strings(1, DATETIME), a -> Values.parseDatetime(string(a, 0)));
    register("duration", "duration(text: string) -> duration  (such as 1h30m)", 1, 1,
        strings(1, DURATION), a -> Values.parseDuration(string(a, 0)));
    register("ip", "ip(text: string) -> ip  (an address or a CIDR range)", 1, 1,
        strings(1, IP), a -> IpRange.of(string(a, 0)));
    register("decimal", "decimal(text: string) -> decimal", 1, 1,
        strings(1, DECIMAL), a -> parseDecimal(string(a, 0)));

    // time
    register("hour", "hour(time: datetime, zone?: string literal) -> int  (0-23, UTC by default)", 1, 2,
        Set.of(1), timeTyping(INT), a -> (long) zoned(a).getHour());
    register("weekday", "weekday(time: datetime, zone?: string literal) -> int  (1 = Monday … 7 = Sunday)", 1, 2,
        Set.of(1), timeTyping(INT), a -> (long) zoned(a).getDayOfWeek().getValue());
    register("before", "before(time: datetime, other: datetime) -> bool", 2, 2, Set.of(),
        fixed(List.of(DATETIME, DATETIME), BOOL), a -> instant(a, 0).isBefore(instant(a, 1)));
    register("after", "after(time: datetime, other: datetime) -> bool", 2, 2, Set.of(),
        fixed(List.of(DATETIME, DATETIME), BOOL), a -> instant(a, 0).isAfter(instant(a, 1)));

    // network
    register("inRange", "inRange(address: ip, range: ip) -> bool", 2, 2, Set.of(),
        fixed(List.of(IP, IP), BOOL), a -> ip(a, 1).unmapped().contains(ip(a, 0).unmapped()));
    register("isLoopback", "isLoopback(address: ip) -> bool", 1, 1, Set.of(),
        fixed(List.of(IP), BOOL), a -> Network.isLoopback(ip(a, 0)));
    register("isPrivate", "isPrivate(address: ip) -> bool  (RFC 1918, RFC 4193, CGNAT)", 1, 1, Set.of(),
        fixed(List.of(IP), BOOL), a -> Network.isPrivate(ip(a, 0)));
    register("isLinkLocal", "isLinkLocal(address: ip) -> bool  (169.254.0.0/16, fe80::/10)", 1, 1, Set.of(),
        fixed(List.of(IP), BOOL), a -> Network.isLinkLocal(ip(a, 0)));
    register("urlHost", "urlHost(url: string) -> string  (lowercase, no trailing dot)", 1, 1,
        strings(1, STRING), a -> Network.urlHost(string(a, 0)));
    register("hostInDomains", "hostInDomains(host: string, domains: set<string>) -> bool  (equal or a subdomain)", 2, 2, Set.of(),
        fixed(List.of(STRING, new SetType(STRING)), BOOL), a -> Network.hostInDomains(string(a, 0), collection(a, 1)));

    // paths
    register("normalizePath", "normalizePath(path: string) -> string", 1, 1,
        strings(1, STRING), a -> Paths.normalize(string(a, 0)));
    register("pathWithin", "pathWithin(path: string, root: string) -> bool  (both normalized; absolute only)", 2, 2,
        strings(2, BOOL), a -> Paths.within(string(a, 0), string(a, 1)));

    // input attacks: every predicate judges each form a tool may read its argument in, and fails closed
    register("isSafePath", "isSafePath(path: string, root: string) -> bool  (false when in any doubt)", 2, 2,
        strings(2, BOOL), a -> Paths.unsafe(string(a, 0), string(a, 1)).isEmpty());
    register("hasPathTraversal", "hasPathTraversal(path: string) -> bool  (true when in any doubt)", 1, 1,
        strings(1, BOOL), a -> Paths.hasTraversal(string(a, 0)));
    register("hasShellMetacharacters", "hasShellMetacharacters(text: string) -> bool  (; | & ` $ < > line breaks NUL)", 1, 1,
        strings(1, BOOL), a -> Injection.hasShellMetacharacters(string(a, 0)));
    register("hasSqlInjection", "hasSqlInjection(text: string) -> bool  (markers such as ' OR 1=1, --, UNION SELECT)", 1, 1,
        strings(1, BOOL), a -> Injection.hasSqlInjection(string(a, 0)));
    register("isInternalHost", "isInternalHost(host: string) -> bool  (no DNS lookups; true when in any doubt)", 1, 1,
        strings(1, BOOL), a -> Targets.isInternalHost(string(a, 0)));
    register("isInternalUrl", "isInternalUrl(url: string) -> bool  (no DNS lookups; true when in any doubt)", 1, 1,
        strings(1, BOOL), a -> Targets.isInternalUrl(string(a, 0)));
    register("urlInDomains", "urlInDomains(url: string, domains: set<string>) -> bool  (false when in any doubt)", 2, 2, Set.of(),
        fixed(List.of(STRING, new SetType(STRING)), BOOL), a -> Targets.urlInDomains(string(a, 0), collection(a, 1)));
  }

  private Builtins() {}

  public static Optional<Builtin> lookup(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(BY_NAME.keySet()));
  }

  public static Collection<Builtin> all() {
    return Collections.unmodifiableCollection(BY_NAME.values());
  }

  /**
   * Checks a literal argument at compile time: the problem with it, or empty when it is fine.
   * Regexes must compile under RE2 and zones must be known.
   */
  public static Optional<String> literalProblem(Builtin builtin, int index, Object literal) {
    if (!(literal instanceof String text)) {
      return Optional.of("argument " + (index + 1) + " of `" + builtin.name() + "` must be a string literal");
    }
    try {
      switch (builtin.name()) {
        case "matches" -> regex(text);
        case "hour", "weekday" -> zone(text);
        default -> {}
      }
      return Optional.empty();
    } catch (EvaluationError e) {
      return Optional.of(e.getMessage());
    }
  }

  // ---------------------------------------------------------------- registration and typing

  private static void register(String name, String usage, int min, int max, Builtin.Typing typing,
      Builtin.Implementation implementation) {
    register(name, usage, min, max, Set.of(), typing, implementation);
  }

  private static void register(String name, String usage, int min, int max, Set<Integer> literals,
      Builtin.Typing typing, Builtin.Implementation implementation) {
    BY_NAME.put(name, new Builtin(name, usage, min, max, literals, typing, implementation));
  }

  private static Builtin.Typing strings(int count, Type result) {
    return fixed(Collections.nCopies(count, STRING), result);
  }

  private static Builtin.Typing fixed(List<Type> parameters, Type result) {
    return (arguments, problems) -> {
      boolean ok = true;
      for (int i = 0; i < arguments.size() && i < parameters.size(); i++) {
        ok &= expect(arguments.get(i), parameters.get(i), i, problems);
      }
      return ok ? result : Special.ERROR;
    };
  }

  private static Builtin.Typing timeTyping(Type result) {
    return (arguments, problems) -> {
      boolean ok = expect(arguments.get(0), DATETIME, 0, problems);
      if (arguments.size() > 1) {
        ok &= expect(arguments.get(1), STRING, 1, problems);
      }
      return ok ? result : Special.ERROR;
    };
  }

  private static boolean expect(Type actual, Type expected, int index, Builtin.Problems problems) {
    if (Types.isAssignable(expected, actual)) {
      return true;
    }
    problems.argument(index, "must be " + expected + ", found " + actual);
    return false;
  }

  private static Type containsTyping(List<Type> arguments, Builtin.Problems problems) {
    Type container = arguments.get(0);
    Type element = arguments.get(1);
    if (Types.isUnknown(container)) {
      return BOOL;
    }
    if (container == STRING) {
      return expect(element, STRING, 1, problems) ? BOOL : Special.ERROR;
    }
    Optional<Type> elementType = Types.elementType(container);
    if (elementType.isEmpty()) {
      problems.argument(0, "must be a set, a list or a string, found " + container);
      return Special.ERROR;
    }
    if (!Types.isComparable(elementType.get(), element) && elementType.get() != Special.NEVER) {
      problems.argument(1, "must be " + elementType.get() + " to be an element of " + container + ", found " + element);
      return Special.ERROR;
    }
    return BOOL;
  }

  /** Both arguments sets or lists of comparable elements; {@code null} result means "a set of their union". */
  private static Builtin.Typing collections(Type result) {
    return (arguments, problems) -> {
      Optional<Type> left = Types.elementType(arguments.get(0));
      Optional<Type> right = Types.elementType(arguments.get(1));
      boolean ok = true;
      if (left.isEmpty()) {
        problems.argument(0, "must be a set or a list, found " + arguments.get(0));
        ok = false;
      }
      if (right.isEmpty()) {
        problems.argument(1, "must be a set or a list, found " + arguments.get(1));
        ok = false;
      }
      if (!ok) {
        return Special.ERROR;
      }
      Optional<Type> element = Types.leastUpperBound(left.get(), right.get());
      if (element.isEmpty()) {
        problems.argument(1, "must hold " + left.get() + " elements like the first argument, found " + right.get());
        return Special.ERROR;
      }
      return result != null ? result : new SetType(element.get());
    };
  }

  private static Builtin.Typing sized(Type result) {
    return (arguments, problems) -> {
      Type argument = arguments.get(0);
      boolean ok = Types.isUnknown(argument) || argument == STRING || argument instanceof Type.SetType
          || argument instanceof Type.ListType || argument instanceof Type.MapType || argument instanceof Type.RecordType;
      if (!ok) {
        problems.argument(0, "must be a set, a list, a map, a record or a string, found " + argument);
        return Special.ERROR;
      }
      return result;
    };
  }

  // ---------------------------------------------------------------- implementations

  private static Object contains(Object[] arguments) {
    if (arguments[0] instanceof String text) {
      return text.contains(string(arguments, 1));
    }
    return Values.contains(collection(arguments, 0), arguments[1]);
  }

  /**
   * The elements of {@code a} that are ({@code inB}) or are not in {@code b}, then, for a union,
   * those of {@code b}; each once, comparing as {@code ==} does.
   */
  private static Set<Object> combine(Collection<?> a, Collection<?> b, boolean inB, boolean union) {
    List<Object> result = new java.util.ArrayList<>();
    for (Object element : a) {
      if ((union || Values.contains(b, element) == inB) && !Values.contains(result, element)) {
        result.add(element);
      }
    }
    if (union) {
      for (Object element : b) {
        if (!Values.contains(result, element)) {
          result.add(element);
        }
      }
    }
    return Values.set(result);
  }

  private static boolean allIn(Collection<?> elements, Collection<?> collection) {
    for (Object element : elements) {
      if (!Values.contains(collection, element)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyIn(Collection<?> elements, Collection<?> collection) {
    for (Object element : elements) {
      if (Values.contains(collection, element)) {
        return true;
      }
    }
    return false;
  }

  private static int size(Object value) {
    return switch (value) {
      case String s -> s.codePointCount(0, s.length());
      case Collection<?> c -> c.size();
      case Map<?, ?> m -> m.size();
      default -> throw new EvaluationError("size of a " + Values.typeName(value) + " is undefined");
    };
  }

  private static BigDecimal parseDecimal(String text) {
    try {
      return Values.decimal(new BigDecimal(text));
    } catch (NumberFormatException e) {
      throw new EvaluationError("`" + text + "` is not a decimal number");
    }
  }

  private static java.time.ZonedDateTime zoned(Object[] arguments) {
    ZoneId zone = arguments.length > 1 ? zone(string(arguments, 1)) : ZoneOffset.UTC;
    try {
      return instant(arguments, 0).atZone(zone);
    } catch (DateTimeException e) {
      throw new EvaluationError("the time is out of range in zone `" + zone + "`");
    }
  }

  private static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new EvaluationError("unknown time zone `" + name + "`; expected a region such as `Europe/Berlin` or an offset such as `+02:00`");
    }
  }

  /** Compiles a regular expression with RE2/J: linear time whatever the input. */
  public static Pattern regex(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new EvaluationError("invalid regular expression `" + regex + "`: " + e.getDescription());
    }
  }

  static String string(Object[] arguments, int index) {
    if (arguments[index] instanceof String s) {
      return s;
    }
    throw mismatch(arguments, index, "string");
  }

  static Collection<?> collection(Object[] arguments, int index) {
    if (arguments[index] instanceof Collection<?> c) {
      return c;
    }
    throw mismatch(arguments, index, "set or list");
  }

  private static Instant instant(Object[] arguments, int index) {
    if (arguments[index] instanceof Instant i) {
      return i;
    }
    throw mismatch(arguments, index, "datetime");
  }

  private static IpRange ip(Object[] arguments, int index) {
    if (arguments[index] instanceof IpRange ip) {
      return ip;
    }
    if (arguments[index] instanceof String text) {
      return IpRange.of(text);
    }
    throw mismatch(arguments, index, "ip");
  }

  private static EvaluationError mismatch(Object[] arguments, int index, String expected) {
    return new EvaluationError("argument " + (index + 1) + " must be a " + expected + ", found "
        + Values.typeName(arguments[index]));
  }
}
