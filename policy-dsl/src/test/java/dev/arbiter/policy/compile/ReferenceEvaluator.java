package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.*;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.check.Binding;
import dev.arbiter.policy.check.CheckedBundle;
import dev.arbiter.policy.data.Entity;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.stdlib.Builtins;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately naive evaluator: it walks the checked AST for every request, visits every policy
 * set member in order (no index), folds nothing, and allocates freely. It implements the language's
 * semantics from their description, independently of the compiler's closures and int-coded
 * combining, so the two can be compared request by request.
 */
final class ReferenceEvaluator {
  enum Kind { NOT_APPLICABLE, PERMIT, DENY, INDETERMINATE_P, INDETERMINATE_D, INDETERMINATE_DP }

  /** What a rule left behind: its id (null for an element's own directives), effect and directives. */
  record Contribution(String reason, Kind effect, List<Obligation> obligations, List<Obligation> advice) {}

  record Outcome(Kind kind, List<Contribution> contributions) {}

  /** The result in the terms the comparison needs. */
  record Result(Decision decision, List<String> reasons, List<Obligation> obligations, List<Obligation> advice,
      List<String> problemSites) {}

  private static final Outcome NOT_APPLICABLE = new Outcome(Kind.NOT_APPLICABLE, List.of());

  private final CheckedBundle bundle;
  private Request request;
  private Map<LetBinding, Object> lets;
  private List<String> problems;

  ReferenceEvaluator(CheckedBundle bundle) {
    this.bundle = bundle;
  }

  Result evaluate(Request request) {
    this.request = request;
    this.lets = new IdentityHashMap<>();
    this.problems = new ArrayList<>();
    Outcome outcome = combine(bundle.name(), bundle.rootAlgorithm(), bundle.elements(), this::element);
    Kind kind = outcome.kind();
    Decision decision = switch (kind) {
      case PERMIT -> Decision.PERMIT;
      case DENY -> Decision.DENY;
      case NOT_APPLICABLE -> Decision.NOT_APPLICABLE;
      default -> Decision.INDETERMINATE;
    };
    List<Contribution> kept = keep(outcome.contributions(), kind);
    List<String> reasons = kept.stream().filter(c -> c.reason() != null).map(Contribution::reason).toList();
    boolean decided = kind == Kind.PERMIT || kind == Kind.DENY;
    List<Obligation> obligations = new ArrayList<>();
    List<Obligation> advice = new ArrayList<>();
    if (decided) {
      kept.forEach(c -> {
        if (c.obligations() != null) {
          obligations.addAll(c.obligations());
        }
        if (c.advice() != null) {
          advice.addAll(c.advice());
        }
      });
    }
    return new Result(decision, reasons, obligations, advice, problems);
  }

  // ---------------------------------------------------------------- elements

  private Outcome element(PolicyElement element) {
    Boolean target = true;
    if (element.target().isPresent()) {
      try {
        target = truth(eval(element.target().get()));
      } catch (EvaluationError e) {
        target = null;
      }
    }
    if (Boolean.FALSE.equals(target)) {
      return NOT_APPLICABLE;
    }
    Outcome combined = switch (element) {
      case PolicySet set -> combine(set.id(), CheckedBundle.algorithm(set), set.members(), this::element);
      case Policy policy -> {
        List<Integer> positions = java.util.stream.IntStream.range(0, policy.rules().size()).boxed().toList();
        yield combine(policy.id(), CheckedBundle.algorithm(policy), positions, i -> {
          Rule rule = policy.rules().get(i);
          return rule(rule, policy.id() + "/" + rule.id().orElse(String.valueOf(i + 1)));
        });
      }
    };
    Kind kind = combined.kind();
    if (target == null && kind != Kind.NOT_APPLICABLE) {
      problems.add(element.id());
      if (kind == Kind.PERMIT || kind == Kind.DENY) {
        kind = kind == Kind.PERMIT ? Kind.INDETERMINATE_P : Kind.INDETERMINATE_D;
      }
    }
    List<Contribution> contributions = new ArrayList<>(combined.contributions());
    if (kind == Kind.PERMIT || kind == Kind.DENY) {
      Effect effect = kind == Kind.PERMIT ? Effect.PERMIT : Effect.DENY;
      List<Directive> own = element.directives().stream().filter(d -> d.on() == effect).map(EffectDirective::directive).toList();
      if (!own.isEmpty()) {
        try {
          contributions.add(new Contribution(null, kind, directives(own, DirectiveKind.OBLIGATION),
              directives(own, DirectiveKind.ADVICE)));
        } catch (EvaluationError e) {
          problems.add(element.id());
          kind = kind == Kind.PERMIT ? Kind.INDETERMINATE_P : Kind.INDETERMINATE_D;
        }
      }
    }
    return new Outcome(kind, keep(contributions, kind));
  }

  private Outcome rule(Rule rule, String id) {
    Effect effect = rule.effect();
    try {
      if (rule.condition().isPresent() && !truth(eval(rule.condition().get()))) {
        return new Outcome(Kind.NOT_APPLICABLE, List.of());
      }
      Kind kind = effect == Effect.PERMIT ? Kind.PERMIT : Kind.DENY;
      return new Outcome(kind, List.of(new Contribution(id, kind, directives(rule.directives(), DirectiveKind.OBLIGATION),
          directives(rule.directives(), DirectiveKind.ADVICE))));
    } catch (EvaluationError e) {
      problems.add(id);
      Kind kind = effect == Effect.PERMIT ? Kind.INDETERMINATE_P : Kind.INDETERMINATE_D;
      return new Outcome(kind, List.of(new Contribution(id, kind, null, null)));
    }
  }

  private List<Obligation> directives(List<Directive> directives, DirectiveKind kind) {
    List<Obligation> values = new ArrayList<>();
    for (Directive directive : directives) {
      if (directive.kind() == kind) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (NamedArgument argument : directive.arguments()) {
          arguments.put(argument.name(), eval(argument.value()));
        }
        values.add(new Obligation(directive.name(), arguments));
      }
    }
    return values;
  }

  /** Evaluates members in order, stopping where the algorithm's outcome is settled. */
  private <T> Outcome combine(String conflictSite, CombiningAlgorithm algorithm, List<T> members,
      java.util.function.Function<T, Outcome> evaluate) {
    List<Kind> applicable = new ArrayList<>();
    List<Contribution> contributions = new ArrayList<>();
    for (T member : members) {
      Outcome outcome = evaluate.apply(member);
      contributions.addAll(outcome.contributions());
      if (outcome.kind() != Kind.NOT_APPLICABLE) {
        applicable.add(outcome.kind());
        if (settled(algorithm, applicable, outcome.kind())) {
          break;
        }
      }
    }
    Kind kind = decide(algorithm, applicable);
    if (algorithm == CombiningAlgorithm.ONLY_ONE_APPLICABLE && applicable.size() > 1) {
      problems.add(conflictSite);
    }
    return new Outcome(kind, keep(contributions, kind));
  }

  /** Whether the member just seen settles the outcome; {@code applicable} includes it. */
  private static boolean settled(CombiningAlgorithm algorithm, List<Kind> applicable, Kind latest) {
    return switch (algorithm) {
      case DENY_OVERRIDES -> latest == Kind.DENY || latest == Kind.INDETERMINATE_D || latest == Kind.INDETERMINATE_DP;
      case PERMIT_OVERRIDES, DENY_UNLESS_PERMIT -> latest == Kind.PERMIT;
      case FIRST_APPLICABLE -> true;
      case PERMIT_UNLESS_DENY -> latest == Kind.DENY || isIndeterminate(latest);
      case ONLY_ONE_APPLICABLE -> applicable.size() > 1 || isIndeterminate(latest);
    };
  }

  private static Kind decide(CombiningAlgorithm algorithm, List<Kind> kinds) {
    boolean permit = kinds.contains(Kind.PERMIT);
    boolean deny = kinds.contains(Kind.DENY);
    boolean mayDeny = kinds.contains(Kind.INDETERMINATE_D) || kinds.contains(Kind.INDETERMINATE_DP);
    boolean mayPermit = kinds.contains(Kind.INDETERMINATE_P) || kinds.contains(Kind.INDETERMINATE_DP);
    List<Kind> applicable = kinds.stream().filter(k -> k != Kind.NOT_APPLICABLE).toList();
    return switch (algorithm) {
      case DENY_OVERRIDES -> deny || mayDeny ? Kind.DENY : permit ? Kind.PERMIT
          : mayPermit ? Kind.INDETERMINATE_P : Kind.NOT_APPLICABLE;
      case PERMIT_OVERRIDES -> permit ? Kind.PERMIT
          : mayPermit ? (deny || mayDeny ? Kind.INDETERMINATE_DP : Kind.INDETERMINATE_P)
          : deny ? Kind.DENY : kinds.contains(Kind.INDETERMINATE_D) ? Kind.INDETERMINATE_D : Kind.NOT_APPLICABLE;
      case FIRST_APPLICABLE -> applicable.isEmpty() ? Kind.NOT_APPLICABLE : applicable.getFirst();
      case DENY_UNLESS_PERMIT -> permit ? Kind.PERMIT : Kind.DENY;
      case PERMIT_UNLESS_DENY -> deny || applicable.stream().anyMatch(ReferenceEvaluator::isIndeterminate)
          ? Kind.DENY : Kind.PERMIT;
      case ONLY_ONE_APPLICABLE -> applicable.size() > 1 ? Kind.INDETERMINATE_DP
          : applicable.isEmpty() ? Kind.NOT_APPLICABLE : applicable.getFirst();
    };
  }

  private static boolean isIndeterminate(Kind kind) {
    return kind == Kind.INDETERMINATE_P || kind == Kind.INDETERMINATE_D || kind == Kind.INDETERMINATE_DP;
  }

  /** The contributions that agree with an outcome (see the engine's documentation of reasons). */
  private static List<Contribution> keep(List<Contribution> contributions, Kind outcome) {
    return contributions.stream().filter(c -> switch (outcome) {
      case PERMIT -> c.effect() == Kind.PERMIT;
      case DENY -> c.effect() == Kind.DENY || c.effect() == Kind.INDETERMINATE_D || c.effect() == Kind.INDETERMINATE_DP;
      case NOT_APPLICABLE -> false;
      default -> isIndeterminate(c.effect());
    }).toList();
  }

  // ---------------------------------------------------------------- expressions

  private static boolean truth(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new EvaluationError("not a bool");
  }

  private Object eval(Expr expr) {
    return switch (expr) {
      case IntLiteral i -> i.number();
      case DecimalLiteral d -> Values.decimal(d.number());
      case Literal l -> l.value();
      case EntityLiteral e -> new EntityUid(e.entityType(), e.id());
      case RootRef r -> switch (r.root()) {
        case SUBJECT -> request.subject().uid();
        case RESOURCE -> request.resource().uid();
        case CONTEXT -> request.context();
        case DATA -> bundle.data().values();
        case ACTION -> {
          Map<String, Object> action = new LinkedHashMap<>(request.action().properties());
          action.put("name", request.action().name());
          yield action;
        }
      };
      case NameRef n -> binding(n);
      case MemberAccess m -> bundle.binding(m).isPresent() ? binding(m) : attribute(eval(m.base()), m.name());
      case IndexAccess i -> index(eval(i.base()), eval(i.index()));
      case Call c -> {
        Object[] arguments = new Object[c.arguments().size()];
        for (int k = 0; k < arguments.length; k++) {
          arguments[k] = eval(c.arguments().get(k));
        }
        yield Builtins.lookup(c.function()).orElseThrow().implementation().apply(arguments);
      }
      case Unary u -> u.operator() == UnaryOperator.NOT ? !truth(eval(u.operand())) : negate(eval(u.operand()));
      case Binary b -> binary(b);
      case Logical l -> logical(l);
      case Has h -> {
        Object base = eval(h.base());
        yield switch (base) {
          case Map<?, ?> map -> map.containsKey(h.attribute());
          case EntityUid uid -> entityAttribute(uid, h.attribute()) != null;
          default -> throw new EvaluationError("has on " + Values.typeName(base));
        };
      }
      case Is i -> eval(i.base()) instanceof EntityUid uid ? uid.type().equals(i.entityType())
          : fail("is on a non-entity");
      case Conditional c -> truth(eval(c.condition())) ? eval(c.thenBranch()) : eval(c.elseBranch());
      case SetLiteral s -> {
        List<Object> elements = new ArrayList<>();
        s.elements().forEach(e -> elements.add(eval(e)));
        yield Values.set(elements);
      }
      case RecordLiteral r -> {
        Map<String, Object> entries = new LinkedHashMap<>();
        r.entries().forEach(e -> entries.put(e.key(), eval(e.value())));
        yield Values.record(entries);
      }
    };
  }

  private Object binding(Expr reference) {
    return switch (bundle.binding(reference).orElseThrow()) {
      case Binding.Def def -> eval(def.definition().value());
      case Binding.Let let -> {
        if (!lets.containsKey(let.let())) {
          Object value;
          try {
            value = eval(let.let().value());
          } catch (EvaluationError e) {
            value = e;
          }
          lets.put(let.let(), value);
        }
        Object value = lets.get(let.let());
        if (value instanceof EvaluationError e) {
          throw e;
        }
        yield value;
      }
    };
  }

  private Object attribute(Object base, String name) {
    Object value = switch (base) {
      case Map<?, ?> map -> map.get(name);
      case EntityUid uid -> entityAttribute(uid, name);
      default -> throw new EvaluationError("no attributes on " + Values.typeName(base));
    };
    if (value == null) {
      throw new EvaluationError("missing " + name);
    }
    return value;
  }

  private Object entityAttribute(EntityUid uid, String name) {
    if (name.equals("id")) {
      return uid.id();
    }
    if (name.equals("type")) {
      return uid.type();
    }
    Entity data = bundle.data().entities().get(uid).orElse(null);
    Object value = data == null ? null : data.attributes().get(name);
    if (value != null) {
      return value;
    }
    if (uid.equals(request.subject().uid())) {
      return request.subject().properties().get(name);
    }
    if (uid.equals(request.resource().uid())) {
      return request.resource().properties().get(name);
    }
    return null;
  }

  private static Object index(Object base, Object key) {
    Object value = null;
    if (base instanceof Map<?, ?> map && key instanceof String s) {
      value = map.get(s);
    } else if (base instanceof List<?> list && key instanceof Long i && i >= 0 && i < list.size()) {
      value = list.get(i.intValue());
    }
    if (value == null) {
      throw new EvaluationError("no element");
    }
    return value;
  }

  private static Object negate(Object value) {
    return switch (value) {
      case Long l -> {
        if (l == Long.MIN_VALUE) {
          throw new EvaluationError("overflow");
        }
        yield -l;
      }
      case BigDecimal d -> d.negate();
      case Duration d -> d.negated();
      default -> throw new EvaluationError("cannot negate");
    };
  }

  private Object logical(Logical logical) {
    boolean and = logical.operator() == LogicalOperator.AND;
    EvaluationError failure = null;
    for (Expr operand : logical.operands()) {
      try {
        if (truth(eval(operand)) != and) {
          return !and;
        }
      } catch (EvaluationError e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return and;
  }

  private Object binary(Binary binary) {
    if (binary.operator() == BinaryOperator.IN && binary.right() instanceof Binary range
        && range.operator() == BinaryOperator.RANGE) {
      BigDecimal value = number(eval(binary.left()));
      return number(eval(range.left())).compareTo(value) <= 0 && value.compareTo(number(eval(range.right()))) <= 0;
    }
    Object left = eval(binary.left());
    Object right = eval(binary.right());
    return switch (binary.operator()) {
      case EQUAL -> Values.equal(left, right);
      case NOT_EQUAL -> !Values.equal(left, right);
      case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
        int order = compare(left, right);
        yield switch (binary.operator()) {
          case LESS -> order < 0;
          case LESS_OR_EQUAL -> order <= 0;
          case GREATER -> order > 0;
          default -> order >= 0;
        };
      }
      case ADD, SUBTRACT, MULTIPLY -> arithmetic(binary.operator(), left, right);
      case IN -> membership(left, right);
      case RANGE -> throw new IllegalStateException("range outside in");
    };
  }

  private Object membership(Object element, Object container) {
    if (container instanceof EntityUid ancestor && element instanceof EntityUid uid) {
      return descends(uid, ancestor);
    }
    if (container instanceof Collection<?> collection) {
      if (element instanceof EntityUid uid) {
        return collection.stream().anyMatch(c -> c instanceof EntityUid a && descends(uid, a));
      }
      return collection.stream().anyMatch(c -> Values.equal(c, element));
    }
    throw new EvaluationError("in needs a collection");
  }

  /** Walks parents upward, every time: no precomputed closure here. */
  private boolean descends(EntityUid uid, EntityUid ancestor) {
    if (uid.equals(ancestor)) {
      return true;
    }
    Entity entity = bundle.data().entities().get(uid).orElse(null);
    if (entity == null) {
      return false;
    }
    for (EntityUid parent : entity.parents()) {
      if (descends(parent, ancestor)) {
        return true;
      }
    }
    return false;
  }

  private static int compare(Object a, Object b) {
    if ((a instanceof Long || a instanceof BigDecimal) && (b instanceof Long || b instanceof BigDecimal)) {
      return number(a).compareTo(number(b));
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.compareTo(y);
    }
    throw new EvaluationError("cannot order");
  }

  private static Object arithmetic(BinaryOperator operator, Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      BigDecimal exact = switch (operator) {
        case ADD -> BigDecimal.valueOf(x).add(BigDecimal.valueOf(y));
        case SUBTRACT -> BigDecimal.valueOf(x).subtract(BigDecimal.valueOf(y));
        default -> BigDecimal.valueOf(x).multiply(BigDecimal.valueOf(y));
      };
      if (exact.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || exact.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
        throw new EvaluationError("overflow");
      }
      return exact.longValueExact();
    }
    if (operator == BinaryOperator.ADD && a instanceof String x && b instanceof String y) {
      return x + y;
    }
    throw new EvaluationError("arithmetic on " + Values.typeName(a));
  }

  private static BigDecimal number(Object value) {
    return switch (value) {
      case Long l -> BigDecimal.valueOf(l);
      case BigDecimal d -> d;
      default -> throw new EvaluationError("not a number");
    };
  }

  private static <T> T fail(String message) {
    throw new EvaluationError(message);
  }
}
