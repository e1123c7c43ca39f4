package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.BinaryOperator;
import dev.arbiter.policy.ast.Definition;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.LetBinding;
import dev.arbiter.policy.ast.LogicalOperator;
import dev.arbiter.policy.ast.Root;
import dev.arbiter.policy.ast.UnaryOperator;
import dev.arbiter.policy.check.Binding;
import dev.arbiter.policy.check.CheckedBundle;
import dev.arbiter.policy.compile.Access.Role;
import dev.arbiter.policy.compile.Operators.Constant;
import dev.arbiter.policy.stdlib.Builtin;
import dev.arbiter.policy.stdlib.Builtins;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns checked expressions into {@link Code}: constants folded (data values are constants too),
 * constant sets kept as hash sets, regexes and time zones prepared, hot built-ins specialized.
 * Definitions and lets compile once and are shared by every use.
 */
final class ExpressionCompiler {
  private final CheckedBundle bundle;
  private final Map<Definition, Code> definitions = new IdentityHashMap<>();
  private final Map<LetBinding, Access.Let> lets = new IdentityHashMap<>();
  private int callSites;

  ExpressionCompiler(CheckedBundle bundle) {
    this.bundle = bundle;
  }

  int letCount() {
    return lets.size();
  }

  int callSiteCount() {
    return callSites;
  }

  Code compile(Expr expr) {
    Code code = switch (expr) {
      case IntLiteral i -> new Constant(i.number());
      case DecimalLiteral d -> new Constant(Values.decimal(d.number()));
      case Literal l -> new Constant(l.value());
      case EntityLiteral e -> new Constant(new EntityUid(e.entityType(), e.id()));
      case RootRef r -> root(r.root());
      case NameRef n -> binding(n);
      case MemberAccess m -> member(m);
      case IndexAccess i -> new Access.Index(compile(i.base()), compile(i.index()));
      case Call c -> call(c);
      case Unary u -> unary(u);
      case Binary b -> binary(b);
      case Logical l -> logical(l);
      case Has h -> has(h);
      case Is i -> i.base() instanceof RootRef r && role(r.root()) != null
          ? new Access.EntityIs(role(r.root()), i.entityType())
          : new Access.Is(compile(i.base()), i.entityType());
      case Conditional c -> conditional(c);
      case SetLiteral s -> set(s);
      case RecordLiteral r -> record(r);
    };
    return code;
  }

  // ---------------------------------------------------------------- names and access

  private static Role role(Root root) {
    return switch (root) {
      case SUBJECT -> Role.SUBJECT;
      case RESOURCE -> Role.RESOURCE;
      default -> null;
    };
  }

  private Code root(Root root) {
    return switch (root) {
      case SUBJECT, RESOURCE -> new Access.EntityRef(role(root));
      case ACTION -> new Access.RequestRecord(false);
      case CONTEXT -> new Access.RequestRecord(true);
      case DATA -> new Constant(bundle.data().values());
    };
  }

  private Code binding(Expr reference) {
    return switch (bundle.binding(reference).orElseThrow(() -> new IllegalStateException("unresolved " + reference))) {
      case Binding.Let let -> let(let.let());
      case Binding.Def def -> definition(def.definition());
    };
  }

  Access.Let let(LetBinding let) {
    Access.Let code = lets.get(let);
    if (code == null) {
      // the slot is taken before compiling the value, which may refer to earlier lets
      int slot = lets.size();
      lets.put(let, null);
      code = new Access.Let(slot, let.name(), compile(let.value()));
      lets.put(let, code);
    }
    return code;
  }

  private Code definition(Definition definition) {
    Code code = definitions.get(definition);
    if (code == null) {
      code = compile(definition.value());
      definitions.put(definition, code);
    }
    return code;
  }

  private Code member(MemberAccess access) {
    if (bundle.binding(access).isPresent()) {
      return binding(access);
    }
    String name = access.name();
    if (access.base() instanceof RootRef r) {
      return switch (r.root()) {
        case SUBJECT, RESOURCE -> switch (name) {
          case "id" -> new Access.Id(role(r.root()));
          case "type" -> new Access.TypeName(role(r.root()));
          default -> new Access.EntityAttribute(role(r.root()), name);
        };
        case ACTION -> name.equals("name") ? new Access.ActionName() : new Access.RequestRecordAttribute(false, name);
        case CONTEXT -> new Access.RequestRecordAttribute(true, name);
        case DATA -> new Constant(bundle.data().values().get(name));
      };
    }
    Code base = compile(access.base());
    if (base instanceof Constant constant && constant.value() instanceof Map<?, ?> record && record.containsKey(name)) {
      return new Constant(record.get(name));
    }
    return new Access.Member(base, name);
  }

  private Code has(Has has) {
    if (has.base() instanceof RootRef r) {
      return switch (r.root()) {
        case SUBJECT, RESOURCE -> new Access.EntityHas(role(r.root()), has.attribute());
        default -> new Access.Has(root(r.root()), has.attribute());
      };
    }
    return new Access.Has(compile(has.base()), has.attribute());
  }

  // ---------------------------------------------------------------- calls

  private Code call(Call call) {
    Builtin builtin = Builtins.lookup(call.function()).orElseThrow();
    List<Code> arguments = call.arguments().stream().map(this::compile).toList();
    if (arguments.stream().allMatch(Code::isConstant)) {
      Object[] values = arguments.stream().map(c -> ((Constant) c).value()).toArray();
      try {
        return new Constant(builtin.implementation().apply(values));
      } catch (RuntimeException e) {
        // an argument the checker could not see as invalid: the call fails at run time, every time
      }
    }
    if (builtin.name().equals("contains") && arguments.get(0) instanceof Constant c
        && c.value() instanceof Collection<?> values) {
      return new Operators.InConstants(arguments.get(1), Values.set(values));
    }
    return switch (builtin.name()) {
      case "containsAll" -> new Calls.ContainsAll(arguments.get(0), arguments.get(1));
      case "containsAny" -> new Calls.ContainsAny(arguments.get(0), arguments.get(1));
      case "hour", "weekday" -> new Calls.TimeField(arguments.get(0), zone(arguments), builtin.name().equals("weekday"));
      case "matches" -> new Calls.Matches(arguments.get(0), Builtins.regex((String) ((Constant) arguments.get(1)).value()));
      default -> new Calls.Generic(builtin, arguments.toArray(Code[]::new), callSites++);
    };
  }

  private static ZoneId zone(List<Code> arguments) {
    return arguments.size() < 2 ? ZoneOffset.UTC : ZoneId.of((String) ((Constant) arguments.get(1)).value());
  }

  // ---------------------------------------------------------------- operators

  private Code unary(Unary unary) {
    Code operand = compile(unary.operand());
    if (unary.operator() == UnaryOperator.NOT) {
      return operand instanceof Constant c && c.value() instanceof Boolean b ? new Constant(!b) : new Operators.Not(operand);
    }
    return fold(new Operators.Negate(operand), operand);
  }

  private Code binary(Binary binary) {
    if (binary.operator() == BinaryOperator.IN && binary.right() instanceof Binary range
        && range.operator() == BinaryOperator.RANGE) {
      Code element = compile(binary.left());
      Code low = compile(range.left());
      Code high = compile(range.right());
      return fold(new Operators.InRange(element, low, high), element, low, high);
    }
    Code left = compile(binary.left());
    Code right = compile(binary.right());
    Code code = switch (binary.operator()) {
      case EQUAL, NOT_EQUAL -> {
        boolean negated = binary.operator() == BinaryOperator.NOT_EQUAL;
        if (right instanceof Constant c && c.value() instanceof String text) {
          yield new Operators.EqualString(left, text, negated);
        }
        if (left instanceof Constant c && c.value() instanceof String text) {
          yield new Operators.EqualString(right, text, negated);
        }
        yield new Operators.Equal(left, right, negated);
      }
      case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> new Operators.Compare(binary.operator(), left, right);
      case ADD, SUBTRACT, MULTIPLY -> new Operators.Arithmetic(binary.operator(), left, right);
      case IN -> right instanceof Constant c && c.value() instanceof Collection<?> values
          && values.stream().noneMatch(EntityUid.class::isInstance)
          ? new Operators.InConstants(left, values instanceof Set<?> ? castSet(values) : Values.set(values))
          : new Operators.In(left, right);
      case RANGE -> throw new IllegalStateException("a range outside `in` passed the checker");
    };
    // entity membership needs the bundle's hierarchy, which the frame holds: not folded here
    return code instanceof Operators.In ? code : fold(code, left, right);
  }

  @SuppressWarnings("unchecked")
  private static Set<Object> castSet(Collection<?> values) {
    return (Set<Object>) values;
  }

  private Code logical(Logical logical) {
    boolean and = logical.operator() == LogicalOperator.AND;
    List<Code> operands = new ArrayList<>();
    for (Expr operand : logical.operands()) {
      Code code = compile(operand);
      if (code instanceof Constant c && c.value() instanceof Boolean b) {
        if (b != and) {
          return new Constant(b); // false dominates `and`, true dominates `or`, errors included
        }
        continue; // true in `and`, false in `or`: no effect
      }
      operands.add(code);
    }
    if (operands.isEmpty()) {
      return new Constant(and);
    }
    if (operands.size() == 1) {
      return operands.getFirst();
    }
    return and ? new Operators.And(operands) : new Operators.Or(operands);
  }

  private Code conditional(Conditional conditional) {
    Code condition = compile(conditional.condition());
    Code whenTrue = compile(conditional.thenBranch());
    Code whenFalse = compile(conditional.elseBranch());
    if (condition instanceof Constant c && c.value() instanceof Boolean b) {
      return b ? whenTrue : whenFalse;
    }
    return new Operators.If(condition, whenTrue, whenFalse);
  }

  private Code set(SetLiteral set) {
    List<Code> elements = set.elements().stream().map(this::compile).toList();
    if (elements.stream().allMatch(Code::isConstant)) {
      return new Constant(Values.set(elements.stream().map(c -> ((Constant) c).value()).toList()));
    }
    return new Operators.SetBuild(elements);
  }

  private Code record(RecordLiteral record) {
    List<String> keys = record.entries().stream().map(RecordEntry::key).toList();
    List<Code> values = record.entries().stream().map(e -> compile(e.value())).toList();
    Code code = new Operators.RecordBuild(keys, values);
    return fold(code, values.toArray(Code[]::new));
  }

  /** Evaluates a node of constant operands now; one that fails stays, to fail at run time. */
  private static Code fold(Code code, Code... operands) {
    for (Code operand : operands) {
      if (!operand.isConstant()) {
        return code;
      }
    }
    try {
      return new Constant(code.eval(null));
    } catch (RuntimeException e) {
      return code;
    }
  }
}
