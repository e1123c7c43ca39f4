package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.BinaryOperator;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Nodes for the operators, literals and conditionals. */
final class Operators {
  private Operators() {}

  static final class Constant extends Code {
    private final Object value;

    Constant(Object value) {
      this.value = value;
    }

    Object value() {
      return value;
    }

    @Override
    Object eval(Frame frame) {
      return value;
    }

    @Override
    boolean test(Frame frame) {
      if (value instanceof Boolean b) {
        return b;
      }
      return super.test(frame);
    }

    @Override
    boolean isConstant() {
      return true;
    }

    @Override
    String describe() {
      return Values.render(value);
    }
  }

  static final class Not extends Code {
    private final Code operand;

    Not(Code operand) {
      this.operand = operand;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      return !operand.test(frame);
    }

    @Override
    String describe() {
      return "not (" + operand.describe() + ")";
    }
  }

  /** {@code and}: false when any operand is false, even if another fails; an error otherwise wins. */
  static final class And extends Code {
    private final Code[] operands;

    And(List<Code> operands) {
      this.operands = operands.toArray(Code[]::new);
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      EvaluationError failure = null;
      for (Code operand : operands) {
        try {
          if (!operand.test(frame)) {
            return false;
          }
        } catch (EvaluationError e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return true;
    }

    @Override
    String describe() {
      return join(operands, " and ");
    }
  }

  /** {@code or}: true when any operand is true, even if another fails; an error otherwise wins. */
  static final class Or extends Code {
    private final Code[] operands;

    Or(List<Code> operands) {
      this.operands = operands.toArray(Code[]::new);
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      EvaluationError failure = null;
      for (Code operand : operands) {
        try {
          if (operand.test(frame)) {
            return true;
          }
        } catch (EvaluationError e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return false;
    }

    @Override
    String describe() {
      return join(operands, " or ");
    }
  }

  static final class If extends Code {
    private final Code condition;
    private final Code whenTrue;
    private final Code whenFalse;

    If(Code condition, Code whenTrue, Code whenFalse) {
      this.condition = condition;
      this.whenTrue = whenTrue;
      this.whenFalse = whenFalse;
    }

    @Override
    Object eval(Frame frame) {
      return condition.test(frame) ? whenTrue.eval(frame) : whenFalse.eval(frame);
    }

    @Override
    boolean test(Frame frame) {
      return condition.test(frame) ? whenTrue.test(frame) : whenFalse.test(frame);
    }

    @Override
    String describe() {
      return "if " + condition.describe() + " then " + whenTrue.describe() + " else " + whenFalse.describe();
    }
  }

  /** {@code ==} and {@code !=}; ints and decimals compare by value. */
  static final class Equal extends Code {
    private final Code left;
    private final Code right;
    private final boolean negated;

    Equal(Code left, Code right, boolean negated) {
      this.left = left;
      this.right = right;
      this.negated = negated;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      return Values.equal(left.eval(frame), right.eval(frame)) != negated;
    }

    @Override
    String describe() {
      return left.describe() + (negated ? " != " : " == ") + right.describe();
    }
  }

  /** {@code x == "text"} and {@code x != "text"}: string equality needs no numeric care. */
  static final class EqualString extends Code {
    private final Code value;
    private final String text;
    private final boolean negated;

    EqualString(Code value, String text, boolean negated) {
      this.value = value;
      this.text = text;
      this.negated = negated;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      return text.equals(value.eval(frame)) != negated;
    }

    @Override
    String describe() {
      return value.describe() + (negated ? " != " : " == ") + Values.quote(text);
    }
  }

  /** {@code <}, {@code <=}, {@code >}, {@code >=} on numbers, datetimes and durations. */
  static final class Compare extends Code {
    private final BinaryOperator operator;
    private final Code left;
    private final Code right;

    Compare(BinaryOperator operator, Code left, Code right) {
      this.operator = operator;
      this.left = left;
      this.right = right;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      int order = order(left.eval(frame), right.eval(frame));
      return switch (operator) {
        case LESS -> order < 0;
        case LESS_OR_EQUAL -> order <= 0;
        case GREATER -> order > 0;
        default -> order >= 0;
      };
    }

    private int order(Object a, Object b) {
      if (a instanceof Long x && b instanceof Long y) {
        return Long.compare(x, y);
      }
      if ((a instanceof Long || a instanceof BigDecimal) && (b instanceof Long || b instanceof BigDecimal)) {
        return decimal(a).compareTo(decimal(b));
      }
      if (a instanceof Instant x && b instanceof Instant y) {
        return x.compareTo(y);
      }
      if (a instanceof Duration x && b instanceof Duration y) {
        return x.compareTo(y);
      }
      throw new EvaluationError("`" + operator.symbol() + "` cannot order a " + Values.typeName(a) + " and a " + Values.typeName(b));
    }

    @Override
    String describe() {
      return left.describe() + " " + operator.symbol() + " " + right.describe();
    }
  }

  static BigDecimal decimal(Object number) {
    return number instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) number;
  }

  /** {@code +}, {@code -}, {@code *}: ints overflow into an error, never wrap. */
  static final class Arithmetic extends Code {
    private final BinaryOperator operator;
    private final Code left;
    private final Code right;

    Arithmetic(BinaryOperator operator, Code left, Code right) {
      this.operator = operator;
      this.left = left;
      this.right = right;
    }

    @Override
    Object eval(Frame frame) {
      return apply(operator, left.eval(frame), right.eval(frame));
    }

    static Object apply(BinaryOperator operator, Object a, Object b) {
      try {
        if (a instanceof Long x && b instanceof Long y) {
          return switch (operator) {
            case ADD -> Math.addExact(x, y);
            case SUBTRACT -> Math.subtractExact(x, y);
            default -> Math.multiplyExact(x, y);
          };
        }
        if (operator == BinaryOperator.ADD && a instanceof String x && b instanceof String y) {
          return x + y;
        }
        if (operator != BinaryOperator.MULTIPLY) {
          boolean add = operator == BinaryOperator.ADD;
          if (a instanceof Instant x && b instanceof Duration y) {
            return add ? x.plus(y) : x.minus(y);
          }
          if (a instanceof Duration x && b instanceof Duration y) {
            return add ? x.plus(y) : x.minus(y);
          }
          if (add && a instanceof Duration x && b instanceof Instant y) {
            return y.plus(x);
          }
          if (!add && a instanceof Instant x && b instanceof Instant y) {
            return Duration.between(y, x);
          }
        }
      } catch (ArithmeticException | DateTimeException e) {
        throw new EvaluationError("overflow in " + Values.render(a) + " " + operator.symbol() + " " + Values.render(b));
      }
      throw new EvaluationError("`" + operator.symbol() + "` is undefined for a " + Values.typeName(a) + " and a " + Values.typeName(b));
    }

    @Override
    String describe() {
      return left.describe() + " " + operator.symbol() + " " + right.describe();
    }
  }

  static final class Negate extends Code {
    private final Code operand;

    Negate(Code operand) {
      this.operand = operand;
    }

    @Override
    Object eval(Frame frame) {
      return apply(operand.eval(frame));
    }

    static Object apply(Object value) {
      return switch (value) {
        case Long l when l == Long.MIN_VALUE -> throw new EvaluationError("overflow in -" + l);
        case Long l -> -l;
        case BigDecimal d -> d.negate();
        case Duration d -> {
          try {
            yield d.negated();
          } catch (ArithmeticException e) {
            throw new EvaluationError("overflow in -" + Values.render(d));
          }
        }
        default -> throw new EvaluationError("`-` is undefined for a " + Values.typeName(value));
      };
    }

    @Override
    String describe() {
      return "-" + operand.describe();
    }
  }

  /** {@code x in collection}, {@code entity in entity}: the dynamic case. */
  static final class In extends Code {
    private final Code element;
    private final Code container;

    In(Code element, Code container) {
      this.element = element;
      this.container = container;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      Object value = element.eval(frame);
      return switch (container.eval(frame)) {
        case EntityUid ancestor when value instanceof EntityUid uid -> frame.entities.isDescendant(uid, ancestor);
        case Collection<?> collection when value instanceof EntityUid uid -> inAny(frame, uid, collection);
        case Collection<?> collection -> Values.contains(collection, value);
        case Object other -> throw new EvaluationError("`in` needs a set, a list or an entity on its right, found "
            + Values.typeName(other));
      };
    }

    private static boolean inAny(Frame frame, EntityUid uid, Collection<?> collection) {
      for (Object candidate : collection) {
        if (candidate instanceof EntityUid ancestor && frame.entities.isDescendant(uid, ancestor)) {
          return true;
        }
      }
      return false;
    }

    @Override
    String describe() {
      return element.describe() + " in " + container.describe();
    }
  }

  /** {@code x in [constants]}: a hash lookup in a set built once. */
  static final class InConstants extends Code {
    private final Code element;
    private final Set<Object> values;

    InConstants(Code element, Set<Object> values) {
      this.element = element;
      this.values = values;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      Object value = element.eval(frame);
      return values.contains(value) || ((value instanceof Long || value instanceof BigDecimal) && Values.contains(values, value));
    }

    @Override
    String describe() {
      return element.describe() + " in " + Values.render(values);
    }
  }

  /** {@code x in lo..hi}, bounds included. */
  static final class InRange extends Code {
    private final Code element;
    private final Code low;
    private final Code high;

    InRange(Code element, Code low, Code high) {
      this.element = element;
      this.low = low;
      this.high = high;
    }

    @Override
    Object eval(Frame frame) {
      return test(frame);
    }

    @Override
    boolean test(Frame frame) {
      Object value = element.eval(frame);
      Object from = low.eval(frame);
      Object to = high.eval(frame);
      if (value instanceof Long x && from instanceof Long a && to instanceof Long b) {
        return a <= x && x <= b;
      }
      if (isNumber(value) && isNumber(from) && isNumber(to)) {
        BigDecimal x = decimal(value);
        return decimal(from).compareTo(x) <= 0 && x.compareTo(decimal(to)) <= 0;
      }
      throw new EvaluationError("a range holds numbers; found " + Values.typeName(value) + " in "
          + Values.typeName(from) + ".." + Values.typeName(to));
    }

    private static boolean isNumber(Object value) {
      return value instanceof Long || value instanceof BigDecimal;
    }

    @Override
    String describe() {
      return element.describe() + " in " + low.describe() + ".." + high.describe();
    }
  }

  static final class SetBuild extends Code {
    private final Code[] elements;

    SetBuild(List<Code> elements) {
      this.elements = elements.toArray(Code[]::new);
    }

    @Override
    Object eval(Frame frame) {
      List<Object> values = new ArrayList<>(elements.length);
      for (Code element : elements) {
        values.add(element.eval(frame));
      }
      return Values.set(values);
    }

    @Override
    String describe() {
      return "[" + join(elements, ", ") + "]";
    }
  }

  static final class RecordBuild extends Code {
    private final String[] keys;
    private final Code[] values;

    RecordBuild(List<String> keys, List<Code> values) {
      this.keys = keys.toArray(String[]::new);
      this.values = values.toArray(Code[]::new);
    }

    @Override
    Object eval(Frame frame) {
      Map<String, Object> record = new LinkedHashMap<>();
      for (int i = 0; i < keys.length; i++) {
        record.put(keys[i], values[i].eval(frame));
      }
      return Values.record(record);
    }

    @Override
    String describe() {
      StringBuilder out = new StringBuilder("{ ");
      for (int i = 0; i < keys.length; i++) {
        out.append(i == 0 ? "" : ", ").append(keys[i]).append(": ").append(values[i].describe());
      }
      return out.append(" }").toString();
    }
  }

  /** A value of static type {@code any} where a declared type is required: checked at run time. */
  static final class Conform extends Code {
    private final Code value;
    private final dev.arbiter.policy.schema.Type type;
    private final String what;

    Conform(Code value, dev.arbiter.policy.schema.Type type, String what) {
      this.value = value;
      this.type = type;
      this.what = what;
    }

    @Override
    Object eval(Frame frame) {
      Object result = value.eval(frame);
      if (!dev.arbiter.policy.schema.Types.conforms(result, type)) {
        throw new EvaluationError(what + " must be " + type + ", found " + Values.typeName(result));
      }
      return result;
    }

    @Override
    String describe() {
      return value.describe();
    }
  }

  static String join(Code[] codes, String separator) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < codes.length; i++) {
      out.append(i == 0 ? "" : separator).append(codes[i].describe());
    }
    return out.toString();
  }
}
