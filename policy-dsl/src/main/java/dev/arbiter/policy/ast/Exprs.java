package dev.arbiter.policy.ast;

import dev.arbiter.policy.ast.Expr.*;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Structural helpers over expressions. */
public final class Exprs {
  private Exprs() {}

  /** The direct sub-expressions of {@code expr}, left to right. */
  public static List<Expr> children(Expr expr) {
    return switch (expr) {
      case Literal l -> List.of();
      case RootRef r -> List.of();
      case NameRef n -> List.of();
      case EntityLiteral e -> List.of();
      case MemberAccess m -> List.of(m.base());
      case IndexAccess i -> List.of(i.base(), i.index());
      case Call c -> c.arguments();
      case Unary u -> List.of(u.operand());
      case Binary b -> List.of(b.left(), b.right());
      case Logical l -> l.operands();
      case Has h -> List.of(h.base());
      case Is i -> List.of(i.base());
      case Conditional c -> List.of(c.condition(), c.thenBranch(), c.elseBranch());
      case SetLiteral s -> s.elements();
      case RecordLiteral r -> r.entries().stream().map(RecordEntry::value).toList();
    };
  }

  /** Visits {@code expr} and every expression below it, parents first. */
  public static void walk(Expr expr, Consumer<Expr> visitor) {
    visitor.accept(expr);
    for (Expr child : children(expr)) {
      walk(child, visitor);
    }
  }

  /** The operands of a top-level {@code and} chain, or the expression itself. */
  public static List<Expr> conjuncts(Expr expr) {
    if (expr instanceof Logical l && l.operator() == LogicalOperator.AND) {
      List<Expr> all = new ArrayList<>();
      l.operands().forEach(operand -> all.addAll(conjuncts(operand)));
      return all;
    }
    return List.of(expr);
  }
}
