package dev.arbiter.policy.format;

import dev.arbiter.policy.ast.BinaryOperator;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.LogicalOperator;
import dev.arbiter.policy.ast.UnaryOperator;
import dev.arbiter.policy.value.Values;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prints expressions on one line with exactly the parentheses the grammar needs to read them back
 * as the same tree. Binding strengths mirror the order of the alternatives in {@code Pol.g4}.
 */
final class ExpressionPrinter {
  static final int CONDITIONAL = 0;
  static final int OR = 1;
  static final int AND = 2;
  static final int NOT = 3;
  static final int IS = 4;
  static final int HAS = 5;
  static final int IN = 6;
  static final int COMPARISON = 7;
  static final int RANGE = 8;
  static final int ADDITIVE = 9;
  static final int MULTIPLICATIVE = 10;
  static final int NEGATION = 11;
  static final int POSTFIX = 12;
  static final int PRIMARY = 13;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Words that cannot be a plain name (the grammar's reserved keywords). */
  static final Set<String> RESERVED = Set.of(
      "true", "false", "not", "and", "or", "in", "has", "is", "if", "then", "else",
      "subject", "action", "resource", "context", "data", "permit", "deny", "let", "when");

  private ExpressionPrinter() {}

  static String print(Expr expr) {
    StringBuilder out = new StringBuilder();
    print(expr, CONDITIONAL, out);
    return out.toString();
  }

  static void print(Expr expr, int minimum, StringBuilder out) {
    boolean parenthesize = strength(expr) < minimum;
    if (parenthesize) {
      out.append('(');
    }
    switch (expr) {
      case BoolLiteral b -> out.append(b.bool());
      case IntLiteral i -> out.append(i.number());
      case DecimalLiteral d -> out.append(d.number().toPlainString());
      case StringLiteral s -> out.append(Values.quote(s.text()));
      case RootRef r -> out.append(r.root().keyword());
      case NameRef n -> out.append(n.name());
      case EntityLiteral e -> out.append(e.entityType()).append("::").append(Values.quote(e.id()));
      case MemberAccess m -> {
        print(m.base(), POSTFIX, out);
        out.append('.').append(m.name());
      }
      case IndexAccess i -> {
        print(i.base(), POSTFIX, out);
        out.append('[');
        print(i.index(), CONDITIONAL, out);
        out.append(']');
      }
      case Call c -> call(c, out);
      case Unary u -> {
        out.append(u.operator().symbol());
        int mark = out.length();
        if (u.operator() == UnaryOperator.NOT) {
          out.append(' ');
          mark = out.length();
        }
        // "-5" would read back as a negative literal, not as a negation of 5
        boolean literal = u.operator() == UnaryOperator.NEGATE
            && (u.operand() instanceof IntLiteral || u.operand() instanceof DecimalLiteral);
        // "not (a in b)" reads better than the equivalent "not a in b"
        boolean clarify = u.operator() == UnaryOperator.NOT
            && (u.operand() instanceof Binary || u.operand() instanceof Has || u.operand() instanceof Is);
        print(u.operand(), literal || clarify ? PRIMARY + 1 : strength(u), out);
        if (u.operator() == UnaryOperator.NEGATE && out.length() > mark && out.charAt(mark) == '-') {
          out.insert(mark, ' ');
        }
      }
      case Binary b -> {
        int strength = strength(b);
        print(b.left(), strength, out);
        out.append(b.operator() == BinaryOperator.RANGE ? ".." : " " + b.operator().symbol() + " ");
        print(b.right(), strength + 1, out);
      }
      case Logical l -> {
        int strength = strength(l);
        for (int i = 0; i < l.operands().size(); i++) {
          if (i > 0) {
            out.append(' ').append(l.operator().symbol()).append(' ');
          }
          print(l.operands().get(i), strength + 1, out);
        }
      }
      case Has h -> {
        print(h.base(), HAS, out);
        out.append(" has ").append(attributeName(h.attribute()));
      }
      case Is i -> {
        print(i.base(), IS, out);
        out.append(" is ").append(i.entityType());
      }
      case Conditional c -> {
        out.append("if ");
        print(c.condition(), CONDITIONAL, out);
        out.append(" then ");
        print(c.thenBranch(), CONDITIONAL, out);
        out.append(" else ");
        print(c.elseBranch(), CONDITIONAL, out);
      }
      case SetLiteral s -> {
        out.append('[');
        for (int i = 0; i < s.elements().size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          print(s.elements().get(i), CONDITIONAL, out);
        }
        out.append(']');
      }
      case RecordLiteral r -> record(r, out);
    }
    if (parenthesize) {
      out.append(')');
    }
  }

  static void record(RecordLiteral record, StringBuilder out) {
    if (record.entries().isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{ ");
    for (int i = 0; i < record.entries().size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      RecordEntry entry = record.entries().get(i);
      out.append(attributeName(entry.key())).append(": ");
      print(entry.value(), CONDITIONAL, out);
    }
    out.append(" }");
  }

  private static void call(Call call, StringBuilder out) {
    int first = 0;
    if (call.methodSyntax()) {
      print(call.arguments().getFirst(), POSTFIX, out);
      out.append('.');
      first = 1;
    }
    out.append(call.function()).append('(');
    for (int i = first; i < call.arguments().size(); i++) {
      if (i > first) {
        out.append(", ");
      }
      print(call.arguments().get(i), CONDITIONAL, out);
    }
    out.append(')');
  }

  /** An attribute, key or argument name: bare when the grammar reads it as one word, quoted otherwise. */
  static String attributeName(String name) {
    return IDENTIFIER.matcher(name).matches() ? name : Values.quote(name);
  }

  static int strength(Expr expr) {
    return switch (expr) {
      case Conditional c -> CONDITIONAL;
      case Logical l -> l.operator() == LogicalOperator.OR ? OR : AND;
      case Unary u -> u.operator() == UnaryOperator.NOT ? NOT : NEGATION;
      case Is i -> IS;
      case Has h -> HAS;
      case Binary b -> switch (b.operator()) {
        case IN -> IN;
        case RANGE -> RANGE;
        case ADD, SUBTRACT -> ADDITIVE;
        case MULTIPLY -> MULTIPLICATIVE;
        default -> COMPARISON;
      };
      case MemberAccess m -> POSTFIX;
      case IndexAccess i -> POSTFIX;
      case Call c -> c.methodSyntax() ? POSTFIX : PRIMARY;
      // a negative literal is read back through the negation rule
      case IntLiteral i -> i.number() < 0 ? NEGATION : PRIMARY;
      case DecimalLiteral d -> d.number().signum() < 0 ? NEGATION : PRIMARY;
      default -> PRIMARY;
    };
  }
}
