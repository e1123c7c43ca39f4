package dev.arbiter.pep.mcp;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's own COAZ-MCP mapping, declared in {@code inputSchema["x-authzen-mapping"]} as an
 * AuthZEN {@code evaluation} or an {@code evaluations} batch (with top-level defaults). String
 * values starting with {@code $} are CEL expressions over {@code params} (the {@code tools/call}
 * parameters: {@code name}, {@code arguments}) and {@code token} (the verified claims); {@code $$}
 * escapes a literal {@code $}.
 *
 * <p>Compiled once, when the tool is protected: a declaration that is malformed, puts a
 * {@code subject} inside a batch item, or holds an expression that does not compile is the
 * server author's mistake and fails at start-up, not on a call. On a call, an expression that
 * cannot be evaluated, a resource without type or id, or a {@code subject.id} other than the
 * token's subject is a mapping error: the call is refused. A part the declaration leaves out is the
 * default mapping's: action {@code tools/call}, resource {@code {type: "tool", id: params.name}}.
 */
final class DeclaredMapping {
  static final String KEY = "x-authzen-mapping";
  private static final Set<String> PARTS = Set.of("subject", "action", "resource", "context");
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .addVar("token", MapType.create(SimpleType.STRING, SimpleType.DYN))
      .build();

  private final Map<String, Template> defaults;
  private final List<Map<String, Template>> items;

  private DeclaredMapping(Map<String, Template> defaults, List<Map<String, Template>> items) {
    this.defaults = defaults;
    this.items = items;
  }

  /** One AuthZEN evaluation the call needs a permit for. */
  record Evaluation(Map<String, Object> subject, Map<String, Object> action, Map<String, Object> resource,
      Map<String, Object> context) {}

  /** What a declared mapping makes of one call. */
  sealed interface Result {}

  /** The evaluations, every one of which must permit. */
  record Mapped(List<Evaluation> evaluations) implements Result {}

  /** Why the call cannot be mapped. */
  record Failed(String message) implements Result {}

  /**
   * @throws IllegalArgumentException if the declaration is malformed or an expression does not
   *     compile; the message names the tool and the place
   */
  static DeclaredMapping compile(String tool, Object declaration) {
    String where = "tool `" + tool + "`: " + KEY;
    if (!(declaration instanceof Map<?, ?> envelope)) {
      throw new IllegalArgumentException(where + " must be an object with `evaluation` or `evaluations`");
    }
    boolean single = envelope.containsKey("evaluation");
    boolean batch = envelope.containsKey("evaluations");
    if (single == batch) {
      throw new IllegalArgumentException(where + " needs exactly one of `evaluation` and `evaluations`");
    }
    if (single) {
      if (envelope.size() != 1) {
        throw new IllegalArgumentException(where + ": `evaluation` stands alone; defaults belong to `evaluations`");
      }
      return new DeclaredMapping(parts(where + ".evaluation", envelope.get("evaluation"), true),
          List.of(Map.of()));
    }
    Map<String, Object> top = new LinkedHashMap<>();
    envelope.forEach((key, value) -> {
      if (!key.equals("evaluations")) {
        top.put(String.valueOf(key), value);
      }
    });
    Map<String, Template> defaults = parts(where, top, true);
    if (!(envelope.get("evaluations") instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(where + ".evaluations must be a non-empty array");
    }
    List<Map<String, Template>> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      items.add(parts(where + ".evaluations[" + i + "]", list.get(i), false));
    }
    return new DeclaredMapping(defaults, List.copyOf(items));
  }

  private static Map<String, Template> parts(String where, Object value, boolean subjectAllowed) {
    if (!(value instanceof Map<?, ?> object)) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    Map<String, Template> parts = new LinkedHashMap<>();
    object.forEach((key, part) -> {
      String name = String.valueOf(key);
      if (!PARTS.contains(name)) {
        throw new IllegalArgumentException(where + ": unknown member `" + name + "`");
      }
      if (name.equals("subject") && !subjectAllowed) {
        throw new IllegalArgumentException(where + ": an item of `evaluations` must not name its own `subject`;"
            + " the subject of a call is the token's");
      }
      if (!(part instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(where + "." + name + " must be an object");
      }
      parts.put(name, Template.compile(where + "." + name, part));
    });
    return Map.copyOf(parts);
  }

  /**
   * The evaluations for one call.
   *
   * @param params the call's parameters ({@code name}, {@code arguments})
   * @param claims the verified claims of the caller's token
   * @param tokenSubject the token's subject, which a declared {@code subject.id} must equal
   */
  Result map(Map<String, Object> params, Map<String, Object> claims, String tokenSubject) {
    Map<String, Object> variables = Map.of("params", CelValues.input(params), "token", CelValues.input(claims));
    List<Evaluation> evaluations = new ArrayList<>(items.size());
    try {
      for (Map<String, Template> item : items) {
        Map<String, Template> merged = new LinkedHashMap<>(defaults);
        merged.putAll(item);
        Map<String, Object> subject = object(merged.get("subject"), variables);
        if (subject.containsKey("id") && !tokenSubject.equals(subject.get("id"))) {
          return new Failed("the mapping's subject.id `" + subject.get("id") + "` is not the token's subject");
        }
        if (subject.containsKey("properties")) {
          return new Failed("the mapping must not set subject.properties: they come from the verified token");
        }
        // what the mapping leaves out is the default mapping's: the call of this tool
        Map<String, Object> action = merged.containsKey("action") ? object(merged.get("action"), variables)
            : Map.of("name", "tools/call");
        Map<String, Object> resource = merged.containsKey("resource") ? object(merged.get("resource"), variables)
            : Map.of("type", "tool", "id", String.valueOf(params.get("name")));
        if (!text(action.get("name"))) {
          return new Failed("the mapping's action.name must be a non-empty string");
        }
        if (!text(resource.get("type")) || !text(resource.get("id"))) {
          return new Failed("the mapping's resource needs a non-empty string `type` and `id`");
        }
        evaluations.add(new Evaluation(subject, action, resource, object(merged.get("context"), variables)));
      }
    } catch (CelEvaluationException | IllegalArgumentException e) {
      return new Failed("the mapping could not be evaluated: " + e.getMessage());
    }
    return new Mapped(List.copyOf(evaluations));
  }

  private static boolean text(Object value) {
    return value instanceof String text && !text.isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Template template, Map<String, Object> variables)
      throws CelEvaluationException {
    if (template == null) {
      return Map.of();
    }
    return (Map<String, Object>) template.evaluate(variables);
  }

  /** A declared value with its CEL expressions compiled. */
  private sealed interface Template {
    Object evaluate(Map<String, Object> variables) throws CelEvaluationException;

    static Template compile(String where, Object value) {
      return switch (value) {
        case String text when text.startsWith("$$") -> new Literal(text.substring(1));
        case String text when text.startsWith("$") -> Expression.compile(where, text.substring(1));
        case Map<?, ?> map -> {
          Map<String, Template> members = new LinkedHashMap<>();
          map.forEach((key, member) -> members.put(String.valueOf(key), compile(where + "." + key, member)));
          yield new ObjectTemplate(members);
        }
        case List<?> list -> {
          List<Template> elements = new ArrayList<>();
          for (int i = 0; i < list.size(); i++) {
            elements.add(compile(where + "[" + i + "]", list.get(i)));
          }
          yield new ArrayTemplate(elements);
        }
        case null, default -> new Literal(value);
      };
    }
  }

  private record Literal(Object value) implements Template {
    @Override
    public Object evaluate(Map<String, Object> variables) {
      return value;
    }
  }

  private record Expression(String source, CelRuntime.Program program) implements Template {
    static Expression compile(String where, String source) {
      CelValidationResult checked = CEL.compile(source);
      if (checked.hasError()) {
        throw new IllegalArgumentException(where + ": `$" + source + "` is not a valid CEL expression: "
            + checked.getErrorString());
      }
      try {
        return new Expression(source, CEL.createProgram(checked.getAst()));
      } catch (Exception e) {
        throw new IllegalArgumentException(where + ": `$" + source + "`: " + e.getMessage(), e);
      }
    }

    @Override
    public Object evaluate(Map<String, Object> variables) throws CelEvaluationException {
      return CelValues.output(program.eval(variables));
    }
  }

  private record ObjectTemplate(Map<String, Template> members) implements Template {
    @Override
    public Object evaluate(Map<String, Object> variables) throws CelEvaluationException {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Template> member : members.entrySet()) {
        out.put(member.getKey(), member.getValue().evaluate(variables));
      }
      return out;
    }
  }

  private record ArrayTemplate(List<Template> elements) implements Template {
    @Override
    public Object evaluate(Map<String, Object> variables) throws CelEvaluationException {
      List<Object> out = new ArrayList<>(elements.size());
      for (Template element : elements) {
        out.add(element.evaluate(variables));
      }
      return out;
    }
  }

  /** Between Jackson's Java values and CEL's: CEL knows 64-bit integers and doubles only. */
  private static final class CelValues {
    private CelValues() {}

    static Object input(Object value) {
      return switch (value) {
        case null -> NullValue.NULL_VALUE;
        case Integer i -> i.longValue();
        case Short s -> s.longValue();
        case Byte b -> b.longValue();
        case java.math.BigInteger big -> big.longValue();
        case Float f -> f.doubleValue();
        case java.math.BigDecimal decimal -> decimal.doubleValue();
        case Map<?, ?> map -> {
          Map<String, Object> out = new LinkedHashMap<>();
          map.forEach((key, member) -> out.put(String.valueOf(key), input(member)));
          yield out;
        }
        case List<?> list -> list.stream().map(CelValues::input).toList();
        default -> value;
      };
    }

    static Object output(Object value) {
      return switch (value) {
        case null -> null;
        case NullValue ignored -> null;
        case String text -> text;
        case Boolean flag -> flag;
        case Long number -> number;
        case Double number -> number;
        case com.google.common.primitives.UnsignedLong number -> number.longValue();
        case Map<?, ?> map -> {
          Map<String, Object> out = new LinkedHashMap<>();
          map.forEach((key, member) -> out.put(String.valueOf(key), output(member)));
          yield out;
        }
        case List<?> list -> {
          List<Object> out = new ArrayList<>(list.size());
          list.forEach(element -> out.add(output(element)));
          yield out;
        }
        default -> value.toString();
      };
    }
  }
}
