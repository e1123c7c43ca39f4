package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.BinaryOperator;
import dev.arbiter.policy.ast.CombiningAlgorithm;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.LogicalOperator;
import dev.arbiter.policy.ast.Policy;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.ast.Root;
import dev.arbiter.policy.ast.Rule;
import dev.arbiter.policy.check.Binding;
import dev.arbiter.policy.check.CheckedBundle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request values a policy or policy set can apply to, as far as equality and membership tests
 * in its target show: for each {@link Key}, the values one of which the request must have. A member
 * whose constraint a request misses is not applicable, whatever else its target says, because
 * {@code and} is false as soon as one operand is.
 */
final class Constraints {
  private static final Set<CombiningAlgorithm> NOT_APPLICABLE_WHEN_NO_RULE_APPLIES = Set.of(
      CombiningAlgorithm.DENY_OVERRIDES, CombiningAlgorithm.PERMIT_OVERRIDES,
      CombiningAlgorithm.FIRST_APPLICABLE, CombiningAlgorithm.ONLY_ONE_APPLICABLE);

  private final CheckedBundle bundle;

  Constraints(CheckedBundle bundle) {
    this.bundle = bundle;
  }

  /**
   * The constraints of an element: its target's, plus, for a policy that is not applicable when no
   * rule applies, those every rule's condition shares.
   */
  Map<Key, Set<Object>> of(PolicyElement element) {
    Map<Key, Set<Object>> constraints = new HashMap<>();
    element.target().ifPresent(target -> conjuncts(target).forEach(c -> add(constraints, c)));
    if (element instanceof Policy policy
        && NOT_APPLICABLE_WHEN_NO_RULE_APPLIES.contains(CheckedBundle.algorithm(policy))
        && !policy.rules().isEmpty()
        && policy.rules().stream().allMatch(rule -> rule.condition().isPresent())) {
      Map<Key, Set<Object>> shared = null;
      for (Rule rule : policy.rules()) {
        Map<Key, Set<Object>> own = new HashMap<>();
        conjuncts(rule.condition().get()).forEach(c -> add(own, c));
        if (shared == null) {
          shared = own;
        } else {
          shared.keySet().retainAll(own.keySet());
          for (Map.Entry<Key, Set<Object>> entry : shared.entrySet()) {
            entry.getValue().addAll(own.get(entry.getKey()));
          }
        }
      }
      shared.forEach((key, values) -> merge(constraints, key, values));
    }
    return constraints;
  }

  private void add(Map<Key, Set<Object>> constraints, Expr conjunct) {
    constraint(conjunct).ifPresent(c -> merge(constraints, c.key(), c.values()));
  }

  /** Two constraints on one key: both must hold, so equality keeps the common values. */
  private static void merge(Map<Key, Set<Object>> constraints, Key key, Set<Object> values) {
    Set<Object> existing = constraints.get(key);
    if (existing == null) {
      constraints.put(key, new LinkedHashSet<>(values));
    } else if (key.membership()) {
      // the set must hold an element of each; indexing on either one is enough
      if (values.size() < existing.size()) {
        constraints.put(key, new LinkedHashSet<>(values));
      }
    } else {
      existing.retainAll(values);
    }
  }

  private record Constraint(Key key, Set<Object> values) {}

  /** The top-level {@code and} operands of an expression, looking through definitions. */
  private List<Expr> conjuncts(Expr expr) {
    List<Expr> all = new ArrayList<>();
    if (expr instanceof Logical l && l.operator() == LogicalOperator.AND) {
      l.operands().forEach(operand -> all.addAll(conjuncts(operand)));
    } else if (bundle.binding(expr).orElse(null) instanceof Binding.Def def) {
      all.addAll(conjuncts(def.definition().value()));
    } else {
      all.add(expr);
    }
    return all;
  }

  private Optional<Constraint> constraint(Expr conjunct) {
    return switch (conjunct) {
      case Is is -> key(is.base(), "type", false).map(k -> new Constraint(k, set(is.entityType())));
      case Binary b when b.operator() == BinaryOperator.EQUAL ->
          equality(b.left(), b.right()).or(() -> equality(b.right(), b.left()));
      case Binary b when b.operator() == BinaryOperator.IN -> path(b.left(), false)
          .flatMap(k -> constants(b.right()).map(values -> new Constraint(k, values)))
          .or(() -> path(b.right(), true).flatMap(k -> constant(b.left()).map(v -> new Constraint(k, set(v)))));
      case Call c when c.function().equals("contains") && c.arguments().size() == 2 ->
          path(c.arguments().get(0), true).flatMap(k -> constant(c.arguments().get(1)).map(v -> new Constraint(k, set(v))));
      default -> Optional.empty();
    };
  }

  private Optional<Constraint> equality(Expr path, Expr value) {
    return path(path, false).flatMap(k -> constant(value).map(v -> new Constraint(k, set(v))));
  }

  private Optional<Key> path(Expr expr, boolean membership) {
    if (expr instanceof MemberAccess m && bundle.binding(m).isEmpty()) {
      return key(m.base(), m.name(), membership);
    }
    return Optional.empty();
  }

  private static Optional<Key> key(Expr base, String name, boolean membership) {
    if (!(base instanceof RootRef root)) {
      return Optional.empty();
    }
    Key.Source source = switch (root.root()) {
      case SUBJECT -> name.equals("id") ? Key.Source.SUBJECT_ID
          : name.equals("type") ? Key.Source.SUBJECT_TYPE : Key.Source.SUBJECT_ATTRIBUTE;
      case RESOURCE -> name.equals("id") ? Key.Source.RESOURCE_ID
          : name.equals("type") ? Key.Source.RESOURCE_TYPE : Key.Source.RESOURCE_ATTRIBUTE;
      case ACTION -> name.equals("name") ? Key.Source.ACTION_NAME : Key.Source.ACTION_PROPERTY;
      case CONTEXT -> Key.Source.CONTEXT_ATTRIBUTE;
      case DATA -> null;
    };
    if (source == null || (membership && isBuiltIn(source))) {
      return Optional.empty();
    }
    return Optional.of(new Key(source, isBuiltIn(source) ? "" : name, membership));
  }

  private static boolean isBuiltIn(Key.Source source) {
    return switch (source) {
      case SUBJECT_ID, SUBJECT_TYPE, RESOURCE_ID, RESOURCE_TYPE, ACTION_NAME -> true;
      default -> false;
    };
  }

  /** A string or bool constant: the only values whose hash lookup agrees with {@code ==}. */
  private Optional<Object> constant(Expr expr) {
    return switch (expr) {
      case StringLiteral s -> Optional.of(s.text());
      case BoolLiteral b -> Optional.of(b.bool());
      default -> Optional.empty();
    };
  }

  /** A set of string or bool constants: a literal, or a data value. */
  private Optional<Set<Object>> constants(Expr expr) {
    Collection<?> values = switch (expr) {
      case SetLiteral set -> {
        List<Object> elements = new ArrayList<>();
        for (Expr element : set.elements()) {
          Optional<Object> value = constant(element);
          if (value.isEmpty()) {
            yield null;
          }
          elements.add(value.get());
        }
        yield elements;
      }
      case MemberAccess m when m.base() instanceof RootRef r && r.root() == Root.DATA
          && bundle.data().values().get(m.name()) instanceof Collection<?> data -> data;
      default -> null;
    };
    if (values == null || !values.stream().allMatch(v -> v instanceof String || v instanceof Boolean)) {
      return Optional.empty();
    }
    return Optional.of(new LinkedHashSet<>(values));
  }

  private static Set<Object> set(Object value) {
    Set<Object> set = new LinkedHashSet<>();
    set.add(value);
    return set;
  }
}
