package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.UnaryOperator;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.stdlib.Builtin;
import dev.arbiter.policy.stdlib.Builtins;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values of constant expressions: literals, sets and records of constants, entity references, and
 * built-in calls on constants such as {@code datetime("2026-01-01T00:00:00Z")}. Test requests are
 * written in these; the checker also uses them to validate literal arguments early.
 */
public final class Constants {
  private Constants() {}

  /**
   * The value of {@code expr}, or empty when it is not constant.
   *
   * @throws EvaluationError when it is constant but invalid, as in {@code ip("10.0.0.300")}
   */
  public static Optional<Object> evaluate(Expr expr) {
    return Optional.ofNullable(value(expr));
  }

  /** Like {@link #evaluate(Expr)}, then shaped to a declared type (a set literal for a list, say). */
  public static Optional<Object> evaluate(Expr expr, Type expected) {
    return evaluate(expr).map(value -> coerce(value, expected));
  }

  private static Object value(Expr expr) {
    return switch (expr) {
      case IntLiteral i -> i.number();
      case DecimalLiteral d -> Values.decimal(d.number());
      case Literal l -> l.value();
      case EntityLiteral e -> new EntityUid(e.entityType(), e.id());
      case SetLiteral s -> {
        List<Object> elements = new ArrayList<>();
        for (Expr element : s.elements()) {
          Object value = value(element);
          if (value == null) {
            yield null;
          }
          elements.add(value);
        }
        yield Values.set(elements);
      }
      case RecordLiteral r -> {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (RecordEntry entry : r.entries()) {
          Object value = value(entry.value());
          if (value == null) {
            yield null;
          }
          entries.put(entry.key(), value);
        }
        yield Values.record(entries);
      }
      case Unary u -> {
        Object operand = value(u.operand());
        yield operand == null ? null : unary(u.operator(), operand);
      }
      case Call c -> call(c);
      default -> null;
    };
  }

  private static Object unary(UnaryOperator operator, Object operand) {
    return switch (operator) {
      case NOT -> operand instanceof Boolean b ? !b : null;
      case NEGATE -> switch (operand) {
        case Long l -> {
          try {
            yield Math.negateExact(l);
          } catch (ArithmeticException e) {
            throw new EvaluationError("integer overflow in `-" + l + "`");
          }
        }
        case BigDecimal d -> d.negate();
        case Duration d -> d.negated();
        default -> null;
      };
    };
  }

  private static Object call(Call call) {
    Optional<Builtin> builtin = Builtins.lookup(call.function());
    if (builtin.isEmpty()
        || call.arguments().size() < builtin.get().minArity()
        || call.arguments().size() > builtin.get().maxArity()) {
      return null;
    }
    Object[] arguments = new Object[call.arguments().size()];
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = value(call.arguments().get(i));
      if (arguments[i] == null) {
        return null;
      }
    }
    return builtin.get().implementation().apply(arguments);
  }

  /** Shapes a constant to a declared type: sets written for lists become lists, ints for decimals become decimals. */
  static Object coerce(Object value, Type expected) {
    return switch (expected) {
      case Type.ListType l when value instanceof Collection<?> c ->
          List.copyOf(c.stream().map(e -> coerce(e, l.element())).toList());
      case Type.SetType s when value instanceof Collection<?> c ->
          Values.set(c.stream().map(e -> coerce(e, s.element())).toList());
      case Type.Primitive p when p == Type.Primitive.DECIMAL && value instanceof Long l ->
          Values.decimal(BigDecimal.valueOf(l));
      case Type.RecordType r when value instanceof Map<?, ?> m -> {
        Map<String, Object> shaped = new LinkedHashMap<>();
        m.forEach((k, v) -> {
          Attribute attribute = r.attributes().get((String) k);
          shaped.put((String) k, attribute == null ? v : coerce(v, attribute.type()));
        });
        yield Values.record(shaped);
      }
      case Type.MapType t when value instanceof Map<?, ?> m -> {
        Map<String, Object> shaped = new LinkedHashMap<>();
        m.forEach((k, v) -> shaped.put((String) k, coerce(v, t.value())));
        yield Values.record(shaped);
      }
      default -> value;
    };
  }
}
