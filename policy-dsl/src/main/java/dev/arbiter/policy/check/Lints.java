package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.ast.Effect;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.BoolLiteral;
import dev.arbiter.policy.ast.Expr.Logical;
import dev.arbiter.policy.ast.Exprs;
import dev.arbiter.policy.ast.Policy;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.ast.PolicySet;
import dev.arbiter.policy.ast.Rule;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Warnings about policies that are legal but probably not what was meant: rules that can never
 * apply or never decide, and conditions written twice. Rules are compared by the set of their
 * top-level {@code and} operands, so {@code a and b} subsumes {@code a and b and c}.
 */
final class Lints {
  private final List<Diagnostic> out;

  Lints(List<Diagnostic> out) {
    this.out = out;
  }

  void element(PolicyElement element) {
    element.target().ifPresent(target -> {
      if (isConstant(target, false)) {
        warn(DiagnosticCode.UNREACHABLE_RULE, target, (element instanceof Policy ? "policy" : "policy set")
            + " `" + element.id() + "` never applies: its target is `false`");
      }
      duplicateOperands(target);
    });
    element.lets().forEach(let -> duplicateOperands(let.value()));
    switch (element) {
      case PolicySet set -> set.members().forEach(this::element);
      case Policy policy -> policy(policy);
    }
  }

  void expression(Expr expr) {
    duplicateOperands(expr);
  }

  private void policy(Policy policy) {
    CombiningAlgorithm algorithm = policy.combining()
        .flatMap(c -> CombiningAlgorithm.fromKeyword(c.algorithm()))
        .orElse(CombiningAlgorithm.DENY_OVERRIDES);
    List<Rule> rules = policy.rules();
    Rule alwaysApplies = null;
    for (Rule rule : rules) {
      rule.condition().ifPresent(this::duplicateOperands);
      rule.lets().forEach(let -> duplicateOperands(let.value()));
      if (rule.condition().isPresent() && isConstant(rule.condition().get(), false)) {
        warn(DiagnosticCode.UNREACHABLE_RULE, rule, name(policy, rule) + " never applies: its condition is `false`");
      } else if (algorithm == CombiningAlgorithm.FIRST_APPLICABLE && alwaysApplies != null) {
        warn(DiagnosticCode.UNREACHABLE_RULE, rule, name(policy, rule) + " is unreachable: " + name(policy, alwaysApplies)
            + " above it always applies, and `first-applicable` stops there");
      } else if (alwaysApplies == null && rule.condition().map(c -> isConstant(c, true)).orElse(true)) {
        alwaysApplies = rule;
      }
    }
    for (int j = 0; j < rules.size(); j++) {
      for (int i = 0; i < rules.size(); i++) {
        if (i != j) {
          compare(policy, algorithm, rules.get(i), i, rules.get(j), j);
        }
      }
    }
  }

  /** Whether rule {@code later} adds nothing given rule {@code other}; reported on {@code later}. */
  private void compare(Policy policy, CombiningAlgorithm algorithm, Rule other, int otherIndex, Rule later, int laterIndex) {
    Optional<Set<Expr>> otherConjuncts = conjuncts(other);
    Optional<Set<Expr>> laterConjuncts = conjuncts(later);
    if (otherConjuncts.isEmpty() || laterConjuncts.isEmpty()) {
      return;
    }
    boolean subsumed = laterConjuncts.get().containsAll(otherConjuncts.get());
    if (!subsumed) {
      return;
    }
    boolean equal = otherConjuncts.get().equals(laterConjuncts.get());
    if (equal && other.effect() == later.effect()) {
      if (otherIndex < laterIndex) {
        warn(DiagnosticCode.DUPLICATE_CONDITION, later, name(policy, later) + " has the same condition and effect as "
            + name(policy, other));
      }
      return;
    }
    if (otherConjuncts.get().isEmpty() && algorithm == CombiningAlgorithm.FIRST_APPLICABLE) {
      return; // reported as unreachable
    }
    String message = switch (algorithm) {
      case FIRST_APPLICABLE -> otherIndex < laterIndex
          ? name(policy, later) + " is shadowed: " + name(policy, other) + " above it applies whenever it does"
          : null;
      case DENY_OVERRIDES, PERMIT_UNLESS_DENY -> later.effect() == Effect.PERMIT && other.effect() == Effect.DENY
          ? name(policy, later) + " can never permit: " + name(policy, other) + " denies whenever it applies, and deny overrides"
          : null;
      case PERMIT_OVERRIDES, DENY_UNLESS_PERMIT -> later.effect() == Effect.DENY && other.effect() == Effect.PERMIT
          ? name(policy, later) + " can never deny: " + name(policy, other) + " permits whenever it applies, and permit overrides"
          : null;
      case ONLY_ONE_APPLICABLE -> otherIndex < laterIndex
          ? name(policy, later) + " always applies together with " + name(policy, other)
              + ", which makes `only-one-applicable` indeterminate"
          : null;
    };
    if (message != null) {
      warn(DiagnosticCode.SHADOWED_RULE, later, message);
    }
  }

  /** The rule's top-level conjuncts; empty when it has lets of its own, whose names may mean anything. */
  private static Optional<Set<Expr>> conjuncts(Rule rule) {
    if (!rule.lets().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(rule.condition().map(c -> (Set<Expr>) new HashSet<>(Exprs.conjuncts(c))).orElse(Set.of()));
  }

  private void duplicateOperands(Expr root) {
    Exprs.walk(root, expr -> {
      if (expr instanceof Logical logical) {
        List<Expr> seen = new ArrayList<>();
        for (Expr operand : logical.operands()) {
          if (seen.contains(operand)) {
            warn(DiagnosticCode.DUPLICATE_CONDITION, operand, "this operand of `" + logical.operator().symbol()
                + "` repeats an earlier one");
          }
          seen.add(operand);
        }
      }
    });
  }

  private static boolean isConstant(Expr expr, boolean value) {
    return expr instanceof BoolLiteral b && b.bool() == value;
  }

  private static String name(Policy policy, Rule rule) {
    if (rule.id().isPresent()) {
      return "rule `" + rule.id().get() + "`";
    }
    int index = 0;
    while (policy.rules().get(index) != rule) {
      index++;
    }
    return "rule " + (index + 1) + " of policy `" + policy.id() + "`";
  }

  private void warn(DiagnosticCode code, dev.arbiter.policy.ast.Node at, String message) {
    out.add(Diagnostic.of(code, at.span().location(), message));
  }
}
