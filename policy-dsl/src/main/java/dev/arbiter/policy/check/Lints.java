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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    // a rule i subsumes rule j when i's conjuncts are a subset of j's: look the subsets of each
    // rule's conjuncts up, rather than comparing every pair of rules
    List<Optional<Set<Expr>>> conjuncts = rules.stream().map(Lints::conjuncts).toList();
    Map<Set<Expr>, List<Integer>> rulesByConjuncts = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      int index = i;
      conjuncts.get(i).ifPresent(set -> rulesByConjuncts.computeIfAbsent(set, k -> new ArrayList<>()).add(index));
    }
    for (int j = 0; j < rules.size(); j++) {
      if (conjuncts.get(j).isEmpty() || conjuncts.get(j).get().size() > MAX_SUBSET_CONJUNCTS) {
        continue;
      }
      for (Set<Expr> subset : subsets(List.copyOf(conjuncts.get(j).get()))) {
        for (int i : rulesByConjuncts.getOrDefault(subset, List.of())) {
          if (i != j) {
            compare(policy, algorithm, rules.get(i), i, subset, rules.get(j), j, conjuncts.get(j).get());
          }
        }
      }
    }
  }

  /** Rules with more top-level conjuncts than this are not compared: 2^n subsets are looked up. */
  private static final int MAX_SUBSET_CONJUNCTS = 8;

  private static List<Set<Expr>> subsets(List<Expr> elements) {
    List<Set<Expr>> subsets = new ArrayList<>();
    for (int mask = 0; mask < 1 << elements.size(); mask++) {
      Set<Expr> subset = new HashSet<>();
      for (int bit = 0; bit < elements.size(); bit++) {
        if ((mask & (1 << bit)) != 0) {
          subset.add(elements.get(bit));
        }
      }
      subsets.add(subset);
    }
    return subsets;
  }

  /** Whether rule {@code later} adds nothing given rule {@code other}, whose conjuncts it contains. */
  private void compare(Policy policy, CombiningAlgorithm algorithm, Rule other, int otherIndex, Set<Expr> otherConjuncts,
      Rule later, int laterIndex, Set<Expr> laterConjuncts) {
    boolean equal = otherConjuncts.equals(laterConjuncts);
    if (equal && other.effect() == later.effect()) {
      if (otherIndex < laterIndex) {
        warn(DiagnosticCode.DUPLICATE_CONDITION, later, name(policy, later) + " has the same condition and effect as "
            + name(policy, other));
      }
      return;
    }
    if (otherConjuncts.isEmpty() && algorithm == CombiningAlgorithm.FIRST_APPLICABLE) {
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
        Set<Expr> seen = new HashSet<>();
        for (Expr operand : logical.operands()) {
          if (!seen.add(operand)) {
            warn(DiagnosticCode.DUPLICATE_CONDITION, operand, "this operand of `" + logical.operator().symbol()
                + "` repeats an earlier one");
          }
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
