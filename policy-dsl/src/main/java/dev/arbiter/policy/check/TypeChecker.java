package dev.arbiter.policy.check;

import static dev.arbiter.policy.schema.Type.Primitive.BOOL;
import static dev.arbiter.policy.schema.Type.Primitive.DATETIME;
import static dev.arbiter.policy.schema.Type.Primitive.DECIMAL;
import static dev.arbiter.policy.schema.Type.Primitive.DURATION;
import static dev.arbiter.policy.schema.Type.Primitive.INT;
import static dev.arbiter.policy.schema.Type.Primitive.STRING;

import dev.arbiter.policy.ast.BinaryOperator;
import dev.arbiter.policy.ast.EntityRole;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.*;
import dev.arbiter.policy.ast.LogicalOperator;
import dev.arbiter.policy.ast.Node;
import dev.arbiter.policy.ast.Root;
import dev.arbiter.policy.data.EntityStore;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.Suggestions;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.EntityTypeInfo;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.schema.Type.*;
import dev.arbiter.policy.schema.Types;
import dev.arbiter.policy.stdlib.Builtin;
import dev.arbiter.policy.stdlib.Builtins;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Types expressions against the schema and resolves the names in them, recording both in the
 * {@link Annotations}. One mistake yields one diagnostic: an expression already reported has type
 * {@code <error>}, which every check accepts.
 */
final class TypeChecker {
  private static final Set<String> CONSTRUCTORS = Set.of("datetime", "duration", "ip", "decimal");

  private final Schema schema;
  private final EntityStore entities;
  private final Definitions definitions;
  private final Annotations annotations;
  private final List<Diagnostic> out;
  private RecordType actionType;
  private RecordType dataType;

  TypeChecker(Schema schema, EntityStore entities, Definitions definitions, Annotations annotations, List<Diagnostic> out) {
    this.schema = schema;
    this.entities = entities;
    this.definitions = definitions;
    this.annotations = annotations;
    this.out = out;
  }

  /** Types a condition, target or other place that needs a bool. */
  Type condition(Expr expr, Scope scope, Facts facts, String where) {
    Type type = type(expr, scope, facts);
    requireBool(expr, type, where);
    return type;
  }

  Type type(Expr expr, Scope scope, Facts facts) {
    Type type = switch (expr) {
      case BoolLiteral b -> BOOL;
      case IntLiteral i -> INT;
      case DecimalLiteral d -> DECIMAL;
      case StringLiteral s -> STRING;
      case RootRef r -> rootType(r.root(), facts);
      case NameRef n -> name(n, scope);
      case MemberAccess m -> member(m, scope, facts);
      case IndexAccess i -> index(i, scope, facts);
      case Call c -> call(c, scope, facts);
      case Unary u -> unary(u, scope, facts);
      case Binary b -> binary(b, scope, facts);
      case Logical l -> logical(l, scope, facts);
      case Has h -> has(h, scope, facts);
      case Is i -> is(i, scope, facts);
      case Conditional c -> conditional(c, scope, facts);
      case SetLiteral s -> set(s, scope, facts);
      case RecordLiteral r -> record(r, scope, facts);
      case EntityLiteral e -> entityLiteral(e);
    };
    if (type instanceof EntityType entity && !(expr instanceof RootRef) && !facts.narrowed().isEmpty()) {
      // narrowing by `is` applies to any entity-valued path: a let, an attribute, a definition
      String path = annotations.pathOf(expr);
      if (path != null) {
        type = narrowed(path, entity, facts);
      }
    }
    annotations.types.put(expr, type);
    return type;
  }

  // ---------------------------------------------------------------- roots and names

  private Type rootType(Root root, Facts facts) {
    return switch (root) {
      case SUBJECT -> narrowed("subject", schema.roleType(EntityRole.SUBJECT), facts);
      case RESOURCE -> narrowed("resource", schema.roleType(EntityRole.RESOURCE), facts);
      case ACTION -> actionType();
      case CONTEXT -> schema.context();
      case DATA -> {
        if (dataType == null) {
          Map<String, Attribute> values = new LinkedHashMap<>();
          schema.dataValues().forEach((name, type) -> values.put(name, new Attribute(name, type, false)));
          dataType = new RecordType(values);
        }
        yield dataType;
      }
    };
  }

  private RecordType actionType() {
    if (actionType == null) {
      Map<String, Attribute> attributes = new LinkedHashMap<>();
      attributes.put(Schema.ACTION_NAME, new Attribute(Schema.ACTION_NAME, STRING, false));
      attributes.putAll(schema.actionProperties().attributes());
      actionType = new RecordType(attributes);
    }
    return actionType;
  }

  private static Type narrowed(String path, EntityType declared, Facts facts) {
    SortedSet<String> known = facts.narrowed().get(path);
    if (known == null || declared.names().isEmpty()) {
      return declared;
    }
    TreeSet<String> both = new TreeSet<>(declared.names());
    both.retainAll(known);
    return both.isEmpty() ? declared : new EntityType(both);
  }

  private Type name(NameRef ref, Scope scope) {
    Optional<dev.arbiter.policy.ast.LetBinding> let = scope.let(ref.name());
    if (let.isPresent()) {
      annotations.bindings.put(ref, new Binding.Let(let.get()));
      annotations.usedLets.add(let.get());
      return annotations.letTypes.getOrDefault(let.get(), Special.ERROR);
    }
    Optional<Definitions.Def> def = definitions.find(scope.file().packageName(), ref.name());
    if (def.isPresent()) {
      annotations.bindings.put(ref, new Binding.Def(def.get().packageName(), def.get().definition()));
      return definitions.typeOf(def.get(), ref, this);
    }
    if (scope.file().imports().containsKey(ref.name())) {
      return error(ref, DiagnosticCode.TYPE_MISMATCH, "`" + ref.name() + "` is an imported package, not a value; "
          + "refer to one of its definitions as `" + ref.name() + ".name`");
    }
    if (scope.file().tests()) {
      return error(ref, DiagnosticCode.UNKNOWN_NAME, "unknown name `" + ref.name() + "`; a test's values are constants, such as `"
          + dev.arbiter.policy.value.Values.quote(ref.name()) + "`");
    }
    List<String> candidates = new ArrayList<>(scope.letNames());
    candidates.addAll(definitions.namesIn(scope.file().packageName()));
    java.util.Arrays.stream(Root.values()).map(Root::keyword).forEach(candidates::add);
    return error(ref, DiagnosticCode.UNKNOWN_NAME, "unknown name `" + ref.name() + "`; expected a `let`, a `def` of package `"
        + scope.file().packageName() + "`, or one of subject, action, resource, context, data"
        + Suggestions.didYouMean(ref.name(), candidates));
  }

  // ---------------------------------------------------------------- attribute access

  private Type member(MemberAccess access, Scope scope, Facts facts) {
    if (access.base() instanceof NameRef alias
        && scope.let(alias.name()).isEmpty()
        && definitions.find(scope.file().packageName(), alias.name()).isEmpty()
        && scope.file().imports().containsKey(alias.name())) {
      return importedDefinition(access, alias, scope);
    }
    Type base = type(access.base(), scope, facts);
    return attribute(access, access.base(), base, access.name(), facts);
  }

  private Type importedDefinition(MemberAccess access, NameRef alias, Scope scope) {
    Scope.ImportedPackage imported = scope.file().imports().get(alias.name());
    annotations.usedImports.add(imported.declaration());
    Optional<Definitions.Def> def = definitions.find(imported.packageName(), access.name());
    if (def.isEmpty()) {
      return error(access, DiagnosticCode.UNKNOWN_NAME, "package `" + imported.packageName() + "` has no definition `"
          + access.name() + "`" + Suggestions.didYouMean(access.name(), definitions.namesIn(imported.packageName())));
    }
    annotations.bindings.put(access, new Binding.Def(def.get().packageName(), def.get().definition()));
    return definitions.typeOf(def.get(), access, this);
  }

  private Type index(IndexAccess access, Scope scope, Facts facts) {
    Type base = type(access.base(), scope, facts);
    Type index = type(access.index(), scope, facts);
    if (access.index() instanceof StringLiteral key
        && (base instanceof RecordType || base instanceof EntityType || base instanceof MapType)) {
      return attribute(access, access.base(), base, key.text(), facts);
    }
    if (base instanceof RecordType || base instanceof EntityType) {
      return error(access.index(), DiagnosticCode.NOT_CONSTANT, "an attribute is named by a string literal, as in `"
          + describePlain(access.base()) + "[\"name\"]`; a computed key needs a map");
    }
    return switch (base) {
      case Special s when Types.isUnknown(s) -> Special.ANY;
      case MapType m -> {
        if (!Types.isAssignable(STRING, index)) {
          yield error(access.index(), DiagnosticCode.TYPE_MISMATCH, "a map's key must be string, found " + index);
        }
        yield m.value();
      }
      case ListType l -> {
        if (!Types.isAssignable(INT, index)) {
          yield error(access.index(), DiagnosticCode.TYPE_MISMATCH, "a list's index must be int, found " + index);
        }
        yield l.element();
      }
      default -> error(access, DiagnosticCode.TYPE_MISMATCH, "`[…]` needs a list, a map or a record, found " + base);
    };
  }

  /** The type of {@code base.name}: entity and record attributes, optional ones only under {@code has}. */
  private Type attribute(Expr access, Expr baseExpr, Type base, String name, Facts facts) {
    String basePath = annotations.pathOf(baseExpr);
    String describedBase = basePath != null && !basePath.contains(":") ? "`" + basePath + "`" : "the value";
    Attribute attribute;
    switch (base) {
      case Special s when Types.isUnknown(s) -> {
        return Special.ANY;
      }
      case EntityType entity -> {
        if (Schema.ENTITY_BUILTINS.contains(name)) {
          return STRING;
        }
        Optional<Type> unreachable = unreachableAttribute(access, baseExpr, entity, name, facts);
        if (unreachable.isPresent()) {
          return unreachable.get();
        }
        Optional<Attribute> found = entityAttribute(access, entity, name, describedBase);
        if (found.isEmpty()) {
          return Special.ERROR;
        }
        attribute = found.get();
      }
      case RecordType record -> {
        attribute = record.attributes().get(name);
        if (attribute == null) {
          if (baseExpr instanceof RootRef r && r.root() == Root.DATA) {
            return error(access, DiagnosticCode.UNKNOWN_ATTRIBUTE, "unknown data value `" + name + "`; declare it in the schema with `data "
                + name + ": <type>`" + Suggestions.didYouMean(name, record.attributes().keySet()));
          }
          return error(access, DiagnosticCode.UNKNOWN_ATTRIBUTE, "unknown attribute `" + name + "` of " + describedBase
              + (record.attributes().isEmpty() ? ", which declares none" : "; it has " + String.join(", ", record.attributes().keySet()))
              + Suggestions.didYouMean(name, record.attributes().keySet()));
        }
        if (baseExpr instanceof RootRef r && r.root() == Root.DATA) {
          annotations.usedData.add(name);
        }
      }
      case MapType map -> attribute = new Attribute(name, map.value(), true);
      default -> {
        return error(access, DiagnosticCode.TYPE_MISMATCH, describedBase + " is " + base
            + "; only entities and records have attributes such as `" + name + "`");
      }
    }
    if (attribute.optional()) {
      String path = basePath == null ? null : basePath + "." + name;
      if (path == null || !facts.present().contains(path)) {
        String shown = basePath == null || basePath.contains(":") ? "…" : basePath;
        String declaredBy = base instanceof EntityType entity ? typesDeclaring(entity, name) : "";
        return error(access, DiagnosticCode.UNGUARDED_OPTIONAL_ATTRIBUTE, "attribute `" + shown + "." + name + "` "
            + (declaredBy.isEmpty()
                ? "is optional; test `" + shown + " has " + name + "` before reading it"
                : "exists only for " + declaredBy + "; test `" + shown + " is " + declaredBy.split(", ")[0]
                    + "` or `" + shown + " has " + name + "` before reading it"));
      }
    }
    return attribute.type();
  }

  /**
   * An attribute of an entity whose narrowing facts contradict each other: the code is dead, which
   * deserves a warning rather than an error. Answers the attribute's type in that case.
   */
  private Optional<Type> unreachableAttribute(Node at, Expr base, EntityType narrowed, String name, Facts facts) {
    String path = annotations.pathOf(base);
    if (path != null && facts.contradicted().contains(path) && declaringTypes(narrowed.names(), name).isEmpty()) {
      Set<String> declared = declaredTypes(base);
      List<String> candidates = declaringTypes(declared, name);
      if (!candidates.isEmpty() && !declared.equals(narrowed.names())) {
        out.add(Diagnostic.of(DiagnosticCode.UNREACHABLE_RULE, at.span().location(), "this is unreachable: "
            + describe(base) + " can only be " + String.join(", ", narrowed.names()) + " here, which has no `" + name + "`"));
        Attribute attribute = schema.entityTypes().get(candidates.getFirst()).attributes().attributes().get(name);
        return Optional.of(attribute.type());
      }
    }
    return Optional.empty();
  }

  private List<String> declaringTypes(Set<String> types, String name) {
    return types.stream()
        .filter(t -> schema.entityType(t).map(i -> i.attributes().attributes().containsKey(name)).orElse(false))
        .toList();
  }

  /** The types of a union that declare {@code name}, when not all of them do; empty otherwise. */
  private String typesDeclaring(EntityType entity, String name) {
    List<String> declaring = entity.names().stream()
        .filter(t -> schema.entityType(t).map(i -> i.attributes().attributes().containsKey(name)).orElse(false))
        .toList();
    return declaring.size() == entity.names().size() ? "" : String.join(", ", declaring);
  }

  /**
   * An attribute of a union of entity types: declared by every type (the same way) it is as
   * declared; declared by only some of them it is optional, to be read under {@code has} or {@code
   * is}.
   */
  private Optional<Attribute> entityAttribute(Expr at, EntityType entity, String name, String describedBase) {
    if (entity.names().isEmpty()) {
      error(at, DiagnosticCode.UNKNOWN_ATTRIBUTE, "unknown attribute `" + name + "` of " + describedBase
          + ": the schema declares no entity types for it");
      return Optional.empty();
    }
    Map<String, Attribute> byType = new LinkedHashMap<>();
    Set<String> known = new TreeSet<>();
    for (String typeName : entity.names()) {
      EntityTypeInfo info = schema.entityTypes().get(typeName);
      if (info == null) {
        continue;
      }
      known.addAll(info.attributes().attributes().keySet());
      Attribute attribute = info.attributes().attributes().get(name);
      if (attribute != null) {
        byType.put(typeName, attribute);
      }
    }
    if (byType.isEmpty()) {
      error(at, DiagnosticCode.UNKNOWN_ATTRIBUTE, "unknown attribute `" + name + "` of " + describedBase + " (" + entity + ")"
          + (known.isEmpty() ? "" : "; it has " + String.join(", ", known)) + Suggestions.didYouMean(name, known));
      return Optional.empty();
    }
    Set<Type> types = new HashSet<>();
    byType.values().forEach(a -> types.add(a.type()));
    if (types.size() > 1) {
      StringBuilder detail = new StringBuilder();
      byType.forEach((t, a) -> detail.append(detail.isEmpty() ? "" : ", ").append(t).append(": ").append(a.type()));
      error(at, DiagnosticCode.TYPE_MISMATCH, "attribute `" + name + "` has different types across " + describedBase + "'s types ("
          + detail + "); narrow first, as in `" + (describedBase.startsWith("`") ? describedBase.replace("`", "") : "x")
          + " is " + byType.keySet().iterator().next() + "`");
      return Optional.empty();
    }
    boolean optional = byType.size() < entity.names().size() || byType.values().stream().anyMatch(Attribute::optional);
    return Optional.of(new Attribute(name, types.iterator().next(), optional));
  }

  // ---------------------------------------------------------------- calls

  private Type call(Call call, Scope scope, Facts facts) {
    List<Type> argumentTypes = new ArrayList<>();
    for (Expr argument : call.arguments()) {
      argumentTypes.add(type(argument, scope, facts));
    }
    Optional<Builtin> found = Builtins.lookup(call.function());
    if (found.isEmpty()) {
      return error(call, DiagnosticCode.UNKNOWN_FUNCTION, "unknown function `" + call.function() + "`"
          + Suggestions.didYouMean(call.function(), Builtins.names()));
    }
    Builtin builtin = found.get();
    int count = call.arguments().size();
    if (count < builtin.minArity() || count > builtin.maxArity()) {
      String expected = builtin.minArity() == builtin.maxArity()
          ? String.valueOf(builtin.minArity())
          : builtin.minArity() + " or " + builtin.maxArity();
      String counted = call.methodSyntax()
          ? " (the receiver counts as the first)"
          : "";
      return error(call, DiagnosticCode.WRONG_ARITY, "`" + builtin.name() + "` takes " + expected + " argument"
          + (builtin.maxArity() == 1 ? "" : "s") + counted + ", found " + count + "; usage: " + builtin.usage());
    }
    boolean[] failed = {false};
    Type result = builtin.typing().resultType(argumentTypes, (index, message) -> {
      failed[0] = true;
      error(call.arguments().get(index), DiagnosticCode.TYPE_MISMATCH,
          argumentName(call, index) + " of `" + builtin.name() + "` " + message + "; usage: " + builtin.usage());
    });
    if (failed[0]) {
      return Special.ERROR;
    }
    for (int index : builtin.literalArguments()) {
      if (index >= count) {
        continue;
      }
      Expr argument = call.arguments().get(index);
      if (!(argument instanceof StringLiteral literal)) {
        return error(argument, DiagnosticCode.NOT_CONSTANT, argumentName(call, index) + " of `" + builtin.name()
            + "` must be a string literal, so it can be checked and prepared once");
      }
      Optional<String> problem = Builtins.literalProblem(builtin, index, literal.text());
      if (problem.isPresent()) {
        return error(argument, builtin.name().equals("matches") ? DiagnosticCode.INVALID_REGEX : DiagnosticCode.INVALID_LITERAL,
            problem.get());
      }
    }
    if (CONSTRUCTORS.contains(builtin.name())) {
      try {
        Constants.evaluate(call);
      } catch (EvaluationError e) {
        return error(call, DiagnosticCode.INVALID_LITERAL, e.getMessage());
      }
    }
    return result;
  }

  private static String argumentName(Call call, int index) {
    if (call.methodSyntax()) {
      return index == 0 ? "the receiver" : "argument " + index;
    }
    return "argument " + (index + 1);
  }

  // ---------------------------------------------------------------- operators

  private Type unary(Unary unary, Scope scope, Facts facts) {
    Type operand = type(unary.operand(), scope, facts);
    return switch (unary.operator()) {
      case NOT -> {
        requireBool(unary.operand(), operand, "`not`");
        yield BOOL;
      }
      case NEGATE -> {
        if (Types.isUnknown(operand) || operand == INT || operand == DECIMAL || operand == DURATION) {
          yield Types.isUnknown(operand) ? Special.ANY : operand;
        }
        yield error(unary.operand(), DiagnosticCode.TYPE_MISMATCH, "`-` needs int, decimal or duration, found " + operand);
      }
    };
  }

  private Type binary(Binary binary, Scope scope, Facts facts) {
    if (binary.operator() == BinaryOperator.RANGE) {
      type(binary.left(), scope, facts);
      type(binary.right(), scope, facts);
      return error(binary, DiagnosticCode.TYPE_MISMATCH, "a range such as `8..18` is only allowed on the right of `in`");
    }
    Type left = type(binary.left(), scope, facts);
    Type right = binary.operator() == BinaryOperator.IN && binary.right() instanceof Binary range
        && range.operator() == BinaryOperator.RANGE
        ? range(range, scope, facts)
        : type(binary.right(), scope, facts);
    return switch (binary.operator()) {
      case EQUAL, NOT_EQUAL -> equality(binary, left, right);
      case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> ordering(binary, left, right);
      case ADD, SUBTRACT, MULTIPLY -> arithmetic(binary, left, right);
      case IN -> membership(binary, left, right);
      case RANGE -> throw new IllegalStateException("handled above");
    };
  }

  private Type range(Binary range, Scope scope, Facts facts) {
    Type low = type(range.left(), scope, facts);
    Type high = type(range.right(), scope, facts);
    for (Type bound : List.of(low, high)) {
      if (!Types.isUnknown(bound) && !Types.isNumeric(bound)) {
        error(range, DiagnosticCode.TYPE_MISMATCH, "a range's bounds must be int or decimal, found " + low + " and " + high);
        annotations.types.put(range, Special.ERROR);
        return Special.ERROR;
      }
    }
    Type type = new RangeType(low == DECIMAL || high == DECIMAL ? DECIMAL : INT);
    annotations.types.put(range, type);
    return type;
  }

  private Type equality(Binary binary, Type left, Type right) {
    if (!Types.isComparable(left, right)) {
      return error(binary, DiagnosticCode.TYPE_MISMATCH, "`" + binary.operator().symbol() + "` compares values of one type; found "
          + left + " and " + right);
    }
    checkKnownName(binary.left(), binary.right());
    checkKnownName(binary.right(), binary.left());
    return BOOL;
  }

  /** {@code resource.type == "tol"} and {@code action.name == "tools/cal"} are typos the schema can catch. */
  private void checkKnownName(Expr attribute, Expr literal) {
    if (!(literal instanceof StringLiteral text) || !(attribute instanceof MemberAccess access)) {
      return;
    }
    Type baseType = annotations.types.get(access.base());
    if (access.name().equals("type") && baseType instanceof EntityType entity && !entity.names().isEmpty()
        && !entity.names().contains(text.text())) {
      if (declaredTypes(access.base()).contains(text.text())) {
        out.add(Diagnostic.of(DiagnosticCode.UNREACHABLE_RULE, literal.span().location(), "this comparison is settled: "
            + describe(access.base()) + " can only be " + String.join(", ", entity.names()) + " here"));
        return;
      }
      error(literal, schema.entityTypes().containsKey(text.text()) ? DiagnosticCode.TYPE_MISMATCH : DiagnosticCode.UNKNOWN_ENTITY_TYPE,
          "`" + text.text() + "` is not a type " + describe(access.base()) + " can have; it can be " + String.join(", ", entity.names())
              + Suggestions.didYouMean(text.text(), entity.names()));
    }
    if (access.name().equals(Schema.ACTION_NAME) && access.base() instanceof RootRef r && r.root() == Root.ACTION
        && !schema.actionNames().isEmpty() && !schema.actionNames().contains(text.text())) {
      error(literal, DiagnosticCode.UNKNOWN_ACTION, "unknown action `" + text.text() + "`; the schema declares "
          + String.join(", ", schema.actionNames()) + Suggestions.didYouMean(text.text(), schema.actionNames()));
    }
  }

  /** The types an entity expression may have before any narrowing: a role's, or its own. */
  private Set<String> declaredTypes(Expr expr) {
    if (expr instanceof RootRef r && (r.root() == Root.SUBJECT || r.root() == Root.RESOURCE)) {
      return schema.typesWithRole(r.root() == Root.SUBJECT ? EntityRole.SUBJECT : EntityRole.RESOURCE);
    }
    return annotations.types.get(expr) instanceof EntityType entity ? entity.names() : Set.of();
  }

  private String describePlain(Expr expr) {
    String path = annotations.pathOf(expr);
    return path == null || path.contains(":") ? "x" : path;
  }

  private String describe(Expr expr) {
    String path = annotations.pathOf(expr);
    return path == null || path.contains(":") ? "this entity" : "`" + path + "`";
  }

  private Type ordering(Binary binary, Type left, Type right) {
    boolean ok = Types.isUnknown(left) || Types.isUnknown(right)
        || (Types.isNumeric(left) && Types.isNumeric(right))
        || (left == DATETIME && right == DATETIME)
        || (left == DURATION && right == DURATION);
    if (!ok) {
      return error(binary, DiagnosticCode.TYPE_MISMATCH, "`" + binary.operator().symbol()
          + "` orders two ints or decimals, two datetimes or two durations; found " + left + " and " + right);
    }
    return BOOL;
  }

  private Type arithmetic(Binary binary, Type left, Type right) {
    if (Types.isUnknown(left) || Types.isUnknown(right)) {
      return Special.ANY;
    }
    BinaryOperator op = binary.operator();
    if (left == INT && right == INT) {
      return INT;
    }
    if (op == BinaryOperator.ADD && left == STRING && right == STRING) {
      return STRING;
    }
    if (op != BinaryOperator.MULTIPLY) {
      if (left == DATETIME && right == DURATION) {
        return DATETIME;
      }
      if (left == DURATION && right == DURATION) {
        return DURATION;
      }
      if (op == BinaryOperator.SUBTRACT && left == DATETIME && right == DATETIME) {
        return DURATION;
      }
      if (op == BinaryOperator.ADD && left == DURATION && right == DATETIME) {
        return DATETIME;
      }
    }
    String allowed = switch (op) {
      case ADD -> "two ints, two strings, two durations, or a datetime and a duration";
      case SUBTRACT -> "two ints, two durations, two datetimes, or a datetime and a duration";
      default -> "two ints";
    };
    return error(binary, DiagnosticCode.TYPE_MISMATCH, "`" + op.symbol() + "` needs " + allowed + "; found " + left + " and " + right);
  }

  private Type membership(Binary binary, Type left, Type right) {
    switch (right) {
      case Special s when Types.isUnknown(s) -> {
        return BOOL;
      }
      case RangeType r -> {
        if (!Types.isUnknown(left) && !Types.isNumeric(left)) {
          return error(binary.left(), DiagnosticCode.TYPE_MISMATCH, "only a number can be `in` a range, found " + left);
        }
        return BOOL;
      }
      case EntityType e -> {
        if (!(left instanceof EntityType) && !Types.isUnknown(left)) {
          return error(binary.left(), DiagnosticCode.TYPE_MISMATCH, "only an entity can be `in` an entity (through its parents), found " + left);
        }
        return BOOL;
      }
      case SetType s -> {
        return elementMembership(binary, left, s.element(), right);
      }
      case ListType l -> {
        return elementMembership(binary, left, l.element(), right);
      }
      default -> {
        String hint = right == STRING ? "; to search a string use `contains(text, part)`"
            : right instanceof RecordType || right instanceof MapType ? "; to test for an attribute use `has`" : "";
        return error(binary.right(), DiagnosticCode.TYPE_MISMATCH, "the right side of `in` must be a set, a list, an entity or a range, found "
            + right + hint);
      }
    }
  }

  private Type elementMembership(Binary binary, Type left, Type element, Type collection) {
    if (element != Special.NEVER && !Types.isComparable(element, left)) {
      return error(binary, DiagnosticCode.TYPE_MISMATCH, "`in` looks for a " + element + " in " + collection + ", found " + left);
    }
    if (binary.right() instanceof SetLiteral set) {
      for (Expr candidate : set.elements()) {
        checkKnownName(binary.left(), candidate);
      }
    }
    return BOOL;
  }

  private Type logical(Logical logical, Scope scope, Facts facts) {
    Facts.Accumulator known = new Facts.Accumulator(facts);
    for (Expr operand : logical.operands()) {
      Type type = type(operand, scope, known.view());
      requireBool(operand, type, "`" + logical.operator().symbol() + "`");
      // a and b: b is evaluated only when a held; a or b: only when a did not
      known.and(factsWhen(operand, logical.operator() == LogicalOperator.AND));
    }
    return BOOL;
  }

  private Type has(Has has, Scope scope, Facts facts) {
    Type base = type(has.base(), scope, facts);
    switch (base) {
      case Special s when Types.isUnknown(s) -> {}
      case MapType m -> {}
      case RecordType record -> {
        if (!record.attributes().containsKey(has.attribute())) {
          return error(has, DiagnosticCode.UNKNOWN_ATTRIBUTE, "unknown attribute `" + has.attribute() + "` of " + describe(has.base())
              + Suggestions.didYouMean(has.attribute(), record.attributes().keySet()));
        }
      }
      case EntityType entity -> {
        if (!Schema.ENTITY_BUILTINS.contains(has.attribute())
            && unreachableAttribute(has, has.base(), entity, has.attribute(), facts).isEmpty()
            && entityAttribute(has, entity, has.attribute(), describe(has.base())).isEmpty()) {
          return Special.ERROR;
        }
      }
      default -> {
        return error(has, DiagnosticCode.TYPE_MISMATCH, "`has` tests an attribute of an entity or a record, found " + base);
      }
    }
    return BOOL;
  }

  private Type is(Is is, Scope scope, Facts facts) {
    Type base = type(is.base(), scope, facts);
    if (!schema.entityTypes().containsKey(is.entityType())) {
      return error(is, DiagnosticCode.UNKNOWN_ENTITY_TYPE, "unknown entity type `" + is.entityType() + "`"
          + Suggestions.didYouMean(is.entityType(), schema.entityTypes().keySet()));
    }
    if (base instanceof EntityType entity) {
      if (!entity.names().isEmpty() && !entity.names().contains(is.entityType())) {
        if (declaredTypes(is.base()).contains(is.entityType())) {
          // possible in general, excluded by what holds here: legal, but always false
          out.add(Diagnostic.of(DiagnosticCode.UNREACHABLE_RULE, is.span().location(), "this test is always false: "
              + describe(is.base()) + " can only be " + String.join(", ", entity.names()) + " here"));
          return BOOL;
        }
        return error(is, DiagnosticCode.TYPE_MISMATCH, describe(is.base()) + " is never a `" + is.entityType() + "`; it can be "
            + String.join(", ", entity.names()));
      }
    } else if (!Types.isUnknown(base)) {
      return error(is, DiagnosticCode.TYPE_MISMATCH, "`is` tests the type of an entity, found " + base);
    }
    return BOOL;
  }

  private Type conditional(Conditional conditional, Scope scope, Facts facts) {
    condition(conditional.condition(), scope, facts, "the condition of `if`");
    Type whenTrue = type(conditional.thenBranch(), scope, facts.and(factsWhen(conditional.condition(), true)));
    Type whenFalse = type(conditional.elseBranch(), scope, facts.and(factsWhen(conditional.condition(), false)));
    return Types.leastUpperBound(whenTrue, whenFalse).orElseGet(() -> error(conditional, DiagnosticCode.TYPE_MISMATCH,
        "the branches of `if` must have one type; found " + whenTrue + " and " + whenFalse));
  }

  private Type set(SetLiteral set, Scope scope, Facts facts) {
    Type element = Special.NEVER;
    for (Expr expr : set.elements()) {
      Type type = type(expr, scope, facts);
      Optional<Type> both = Types.leastUpperBound(element, type);
      if (both.isEmpty()) {
        return error(expr, DiagnosticCode.TYPE_MISMATCH, "a set holds elements of one type; found " + element + " and " + type);
      }
      element = both.get();
    }
    return new SetType(element);
  }

  private Type record(RecordLiteral record, Scope scope, Facts facts) {
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    for (RecordEntry entry : record.entries()) {
      Type type = type(entry.value(), scope, facts);
      if (attributes.putIfAbsent(entry.key(), new Attribute(entry.key(), type, false)) != null) {
        error(entry, DiagnosticCode.DUPLICATE_DECLARATION, "key `" + entry.key() + "` appears twice in this record");
      }
    }
    return new RecordType(attributes);
  }

  private Type entityLiteral(EntityLiteral literal) {
    if (!schema.entityTypes().containsKey(literal.entityType())) {
      return error(literal, DiagnosticCode.UNKNOWN_ENTITY_TYPE, "unknown entity type `" + literal.entityType() + "`"
          + Suggestions.didYouMean(literal.entityType(), schema.entityTypes().keySet()));
    }
    if (!entities.contains(new EntityUid(literal.entityType(), literal.id()))) {
      out.add(Diagnostic.of(DiagnosticCode.UNKNOWN_ENTITY, literal.span().location(),
          "entity `" + new EntityUid(literal.entityType(), literal.id()) + "` is not in the bundle's data, so it has no attributes or parents"));
    }
    return EntityType.of(literal.entityType());
  }

  // ---------------------------------------------------------------- facts

  /** What holds when {@code expr} evaluates to {@code truth}. Uses annotations, so call it after typing. */
  Facts factsWhen(Expr expr, boolean truth) {
    return switch (expr) {
      case Has h when truth -> {
        String path = annotations.pathOf(h.base());
        yield path == null ? Facts.NONE : Facts.present(path + "." + h.attribute());
      }
      case Is i when truth -> {
        String path = annotations.pathOf(i.base());
        yield path == null ? Facts.NONE : Facts.narrowed(path, new TreeSet<>(Set.of(i.entityType())));
      }
      case Binary b when (b.operator() == BinaryOperator.EQUAL && truth) || (b.operator() == BinaryOperator.NOT_EQUAL && !truth) ->
          typeEquals(b.left(), b.right()).or(() -> typeEquals(b.right(), b.left())).orElse(Facts.NONE);
      case Binary b when b.operator() == BinaryOperator.IN && truth && b.right() instanceof SetLiteral set -> {
        TreeSet<String> names = new TreeSet<>();
        for (Expr element : set.elements()) {
          if (!(element instanceof StringLiteral s)) {
            yield Facts.NONE;
          }
          names.add(s.text());
        }
        String path = entityTypePath(b.left());
        yield path == null ? Facts.NONE : Facts.narrowed(path, names);
      }
      case Unary u when u.operator() == dev.arbiter.policy.ast.UnaryOperator.NOT -> factsWhen(u.operand(), !truth);
      case Logical l -> {
        // and-true and or-false: every operand; and-false and or-true: one of them
        boolean every = (l.operator() == LogicalOperator.AND) == truth;
        if (every) {
          Facts.Accumulator all = new Facts.Accumulator(Facts.NONE);
          l.operands().forEach(operand -> all.and(factsWhen(operand, truth)));
          yield all.view();
        }
        Facts common = null;
        for (Expr operand : l.operands()) {
          Facts f = factsWhen(operand, truth);
          common = common == null ? f : common.or(f);
        }
        yield common;
      }
      default -> Facts.NONE;
    };
  }

  private Optional<Facts> typeEquals(Expr attribute, Expr literal) {
    String path = entityTypePath(attribute);
    if (path != null && literal instanceof StringLiteral s) {
      return Optional.of(Facts.narrowed(path, new TreeSet<>(Set.of(s.text()))));
    }
    return Optional.empty();
  }

  /** The path of {@code e} when {@code expr} is {@code e.type} and {@code e} is an entity. */
  private String entityTypePath(Expr expr) {
    if (expr instanceof MemberAccess access && access.name().equals("type")
        && annotations.types.get(access.base()) instanceof EntityType) {
      return annotations.pathOf(access.base());
    }
    return null;
  }

  // ---------------------------------------------------------------- reporting

  void requireBool(Expr expr, Type type, String where) {
    if (!Types.isAssignable(BOOL, type)) {
      error(expr, DiagnosticCode.TYPE_MISMATCH, where + " needs a bool, found " + type);
    }
  }

  /** Reports and answers {@code <error>}, which keeps one mistake from being reported again. */
  Type error(Node at, DiagnosticCode code, String message) {
    out.add(Diagnostic.of(code, at.span().location(), message));
    return Special.ERROR;
  }
}
