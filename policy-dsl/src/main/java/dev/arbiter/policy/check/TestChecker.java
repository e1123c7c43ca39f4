package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.ast.EntityRole;
import dev.arbiter.policy.ast.Expectation;
import dev.arbiter.policy.ast.Expr;
import dev.arbiter.policy.ast.Expr.RecordEntry;
import dev.arbiter.policy.ast.Expr.RecordLiteral;
import dev.arbiter.policy.ast.NamedArgument;
import dev.arbiter.policy.ast.Node;
import dev.arbiter.policy.ast.Policy;
import dev.arbiter.policy.ast.PolicyElement;
import dev.arbiter.policy.ast.Rule;
import dev.arbiter.policy.ast.TestCase;
import dev.arbiter.policy.ast.TestFile;
import dev.arbiter.policy.ast.TestRequestPart;
import dev.arbiter.policy.ast.TestRequestPart.TestAction;
import dev.arbiter.policy.ast.TestRequestPart.TestContext;
import dev.arbiter.policy.ast.TestRequestPart.TestEntity;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;
import dev.arbiter.policy.diagnostic.Suggestions;
import dev.arbiter.policy.request.Request;
import dev.arbiter.policy.schema.Attribute;
import dev.arbiter.policy.schema.DirectiveSignature;
import dev.arbiter.policy.schema.EntityTypeInfo;
import dev.arbiter.policy.schema.Schema;
import dev.arbiter.policy.schema.Type;
import dev.arbiter.policy.schema.Type.RecordType;
import dev.arbiter.policy.schema.Types;
import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/** Checks {@code .poltest} files: requests against the schema, expectations against the bundle. */
final class TestChecker {
  private final Schema schema;
  private final TypeChecker types;
  private final Map<String, PolicyElement> elementsById;
  private final List<Diagnostic> out;
  private final Map<String, TestCase> names = new HashMap<>();
  private boolean valid;

  TestChecker(Schema schema, TypeChecker types, Map<String, PolicyElement> elementsById, List<Diagnostic> out) {
    this.schema = schema;
    this.types = types;
    this.elementsById = elementsById;
    this.out = out;
  }

  List<CheckedTest> check(String path, TestFile file) {
    Scope scope = Scope.of(Scope.FileScope.ofTests(path));
    List<CheckedTest> checked = new ArrayList<>();
    for (TestCase test : file.tests()) {
      valid = true;
      TestCase previous = names.putIfAbsent(test.name(), test);
      if (previous != null) {
        report(test, DiagnosticCode.DUPLICATE_DECLARATION, "test `" + test.name() + "` is already declared at " + previous.span());
      }
      Optional<CheckedTest> result = test(test, scope);
      if (valid) {
        result.ifPresent(checked::add);
      }
    }
    return checked;
  }

  private Optional<CheckedTest> test(TestCase test, Scope scope) {
    Request.Entity subject = null;
    Request.Action action = null;
    Request.Entity resource = null;
    Map<String, Object> context = null;
    boolean seenSubject = false;
    boolean seenResource = false;
    for (TestRequestPart part : test.parts()) {
      switch (part) {
        case TestEntity entity when entity.role() == EntityRole.SUBJECT -> {
          if (subject != null || seenSubject) {
            report(part, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` has two subjects");
          }
          seenSubject = true;
          subject = entity(entity, scope);
        }
        case TestEntity entity -> {
          if (resource != null || seenResource) {
            report(part, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` has two resources");
          }
          seenResource = true;
          resource = entity(entity, scope);
        }
        case TestAction a -> {
          if (action != null) {
            report(part, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` has two actions");
          }
          if (!schema.actionNames().isEmpty() && !schema.actionNames().contains(a.name())) {
            report(part, DiagnosticCode.UNKNOWN_ACTION, "unknown action `" + a.name() + "`; the schema declares "
                + String.join(", ", schema.actionNames()) + Suggestions.didYouMean(a.name(), schema.actionNames()));
          }
          action = new Request.Action(a.name(), properties(a.properties(), schema.actionProperties(), "action", scope));
        }
        case TestContext c -> {
          if (context != null) {
            report(part, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` has two contexts");
          }
          context = properties(Optional.of(c.attributes()), schema.context(), "context", scope);
        }
      }
    }
    if (!seenSubject) {
      report(test, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` needs a subject, such as `subject "
          + example(EntityRole.SUBJECT) + "`");
    }
    if (action == null) {
      report(test, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` needs an action, such as `action "
          + Values.quote(schema.actionNames().isEmpty() ? "read" : schema.actionNames().first()) + "`");
    }
    if (!seenResource) {
      report(test, DiagnosticCode.INVALID_TEST, "test `" + test.name() + "` needs a resource, such as `resource "
          + example(EntityRole.RESOURCE) + "`");
    }
    Expectation expectation = test.expectation();
    Optional<Decision> decision = Decision.fromKeyword(expectation.decision());
    if (decision.isEmpty()) {
      report(expectation, DiagnosticCode.INVALID_TEST, "unknown decision `" + expectation.decision()
          + "`; expected permit, deny, not_applicable or indeterminate"
          + Suggestions.didYouMean(expectation.decision(), Arrays.stream(Decision.values()).map(Decision::keyword).toList()));
    }
    List<CheckedTest.ExpectedDirective> directives = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Expectation.Detail detail : expectation.details()) {
      switch (detail) {
        case Expectation.ExpectedDirective d -> directives.add(expectedDirective(d, scope));
        case Expectation.ExpectedReason r -> {
          reason(r);
          reasons.add(r.reason());
        }
      }
    }
    if (subject == null || action == null || resource == null || decision.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CheckedTest(test.name(), test,
        new Request(subject, action, resource, context == null ? Map.of() : context),
        decision.get(), directives, reasons));
  }

  private String example(EntityRole role) {
    SortedSet<String> types = schema.typesWithRole(role);
    return (types.isEmpty() ? "<type>" : types.first()) + " \"<id>\"";
  }

  private Request.Entity entity(TestEntity entity, Scope scope) {
    String role = entity.role().keyword();
    EntityTypeInfo info = schema.entityTypes().get(entity.entityType());
    if (info == null) {
      report(entity, DiagnosticCode.UNKNOWN_ENTITY_TYPE, "unknown entity type `" + entity.entityType() + "`"
          + Suggestions.didYouMean(entity.entityType(), schema.typesWithRole(entity.role())));
      return null;
    }
    if (!info.roles().contains(entity.role())) {
      report(entity, DiagnosticCode.INVALID_TEST, "`" + entity.entityType() + "` is not a " + role + " type; "
          + role + " types are " + String.join(", ", schema.typesWithRole(entity.role())));
    }
    return new Request.Entity(new EntityUid(entity.entityType(), entity.id()),
        properties(entity.properties(), info.attributes(), role + " `" + entity.entityType() + "`", scope));
  }

  private Map<String, Object> properties(Optional<RecordLiteral> literal, RecordType declared, String owner, Scope scope) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (literal.isEmpty()) {
      return values;
    }
    for (RecordEntry entry : literal.get().entries()) {
      Attribute attribute = declared.attributes().get(entry.key());
      if (attribute == null) {
        report(entry, DiagnosticCode.UNKNOWN_ATTRIBUTE, "unknown attribute `" + entry.key() + "` of " + owner
            + (declared.attributes().isEmpty() ? ", which declares none" : "; it has " + String.join(", ", declared.attributes().keySet()))
            + Suggestions.didYouMean(entry.key(), declared.attributes().keySet()));
        continue;
      }
      if (values.containsKey(entry.key())) {
        report(entry, DiagnosticCode.DUPLICATE_DECLARATION, "attribute `" + entry.key() + "` is given twice");
        continue;
      }
      constant(entry.value(), attribute.type(), "`" + entry.key() + "`", scope).ifPresent(v -> values.put(entry.key(), v));
    }
    return values;
  }

  private Optional<Object> constant(Expr expr, Type expected, String what, Scope scope) {
    long errorsBefore = out.stream().filter(Diagnostic::isError).count();
    Type actual = types.type(expr, scope, Facts.NONE);
    if (actual == Type.Special.ERROR || out.stream().filter(Diagnostic::isError).count() > errorsBefore) {
      valid = false;
      return Optional.empty();
    }
    if (!Types.isAssignable(expected, actual)) {
      report(expr, DiagnosticCode.TYPE_MISMATCH, what + " must be " + expected + ", found " + actual);
      return Optional.empty();
    }
    try {
      Optional<Object> value = Constants.evaluate(expr, expected);
      if (value.isEmpty()) {
        report(expr, DiagnosticCode.NOT_CONSTANT, what + " must be a constant: a literal, a set or record of constants, "
            + "or a call such as `datetime(\"2026-03-02T10:00:00Z\")`");
      }
      return value;
    } catch (EvaluationError e) {
      report(expr, DiagnosticCode.INVALID_LITERAL, e.getMessage());
      return Optional.empty();
    }
  }

  private CheckedTest.ExpectedDirective expectedDirective(Expectation.ExpectedDirective expected, Scope scope) {
    Optional<DirectiveSignature> signature = schema.directive(expected.kind(), expected.name());
    if (expected.kind() == DirectiveKind.OBLIGATION && signature.isEmpty()) {
      report(expected, DiagnosticCode.UNKNOWN_OBLIGATION, "unknown obligation `" + expected.name() + "`"
          + Suggestions.didYouMean(expected.name(), schema.obligations().keySet()));
    }
    Optional<Map<String, Object>> arguments = expected.arguments().map(list -> {
      Map<String, Object> values = new LinkedHashMap<>();
      for (NamedArgument argument : list) {
        Type type = signature.map(s -> s.parameters().get(argument.name())).map(Attribute::type).orElse(Type.Special.ANY);
        if (signature.isPresent() && !signature.get().parameters().containsKey(argument.name())) {
          report(argument, DiagnosticCode.INVALID_DIRECTIVE_ARGUMENTS, expected.kind().keyword() + " `" + expected.name()
              + "` has no argument `" + argument.name() + "`");
          continue;
        }
        constant(argument.value(), type, "argument `" + argument.name() + "`", scope).ifPresent(v -> values.put(argument.name(), v));
      }
      return values;
    });
    return new CheckedTest.ExpectedDirective(expected.kind(), expected.name(), arguments);
  }

  private void reason(Expectation.ExpectedReason reason) {
    String[] parts = reason.reason().split("/", 2);
    PolicyElement element = elementsById.get(parts[0]);
    if (element == null) {
      report(reason, DiagnosticCode.INVALID_TEST, "no policy or policy set `" + parts[0] + "` in this bundle"
          + Suggestions.didYouMean(parts[0], elementsById.keySet()));
      return;
    }
    if (parts.length == 2) {
      boolean found = element instanceof Policy policy && ruleIds(policy).contains(parts[1]);
      if (!found) {
        report(reason, DiagnosticCode.INVALID_TEST, "policy `" + parts[0] + "` has no rule `" + parts[1] + "`");
      }
    }
  }

  /** Each rule's id as reasons name it: its own, or its 1-based position when it has none. */
  private static List<String> ruleIds(Policy policy) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < policy.rules().size(); i++) {
      ids.add(policy.rules().get(i).id().orElse(String.valueOf(i + 1)));
    }
    return ids;
  }

  private void report(Node at, DiagnosticCode code, String message) {
    valid = false;
    out.add(Diagnostic.of(code, at.span().location(), message));
  }
}
