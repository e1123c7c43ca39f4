package dev.arbiter.policy.testing;

import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.check.CheckedTest;
import dev.arbiter.policy.compile.CompiledBundle;
import dev.arbiter.policy.decision.AuthorizationResult;
import dev.arbiter.policy.decision.Obligation;
import dev.arbiter.policy.decision.Reason;
import dev.arbiter.policy.decision.Trace;
import dev.arbiter.policy.value.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs tests. Stateless. */
public final class TestRunner {
  private TestRunner() {}

  /** Runs every test of the bundle it was compiled from. */
  public static TestReport run(CompiledBundle bundle) {
    List<TestReport.TestResult> results = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (CheckedTest test : bundle.source().tests()) {
      AuthorizationResult result = bundle.evaluate(test.request(), true);
      result.trace().ifPresent(trace -> trace.steps().stream()
          .filter(step -> step.kind() == Trace.Kind.RULE && !step.outcome().equals("not applicable"))
          .forEach(step -> covered.add(step.id())));
      results.add(new TestReport.TestResult(test, result, failures(test, result)));
    }
    return new TestReport(results, bundle.ruleIds(), covered);
  }

  static List<String> failures(CheckedTest test, AuthorizationResult result) {
    List<String> failures = new ArrayList<>();
    if (result.decision() != test.expected()) {
      failures.add("expected " + test.expected().keyword() + ", got " + result.decision().keyword()
          + describe(result));
    }
    for (CheckedTest.ExpectedDirective expected : test.directives()) {
      List<Obligation> actual = expected.kind() == DirectiveKind.OBLIGATION ? result.obligations() : result.advice();
      boolean found = actual.stream().anyMatch(o -> o.name().equals(expected.name())
          && expected.arguments().map(arguments -> matches(arguments, o.arguments())).orElse(true));
      if (!found) {
        failures.add("expected " + expected.kind().keyword() + " " + expected.name()
            + expected.arguments().map(Values::render).orElse("") + ", got "
            + (actual.isEmpty() ? "none" : actual.toString()));
      }
    }
    for (String reason : test.reasons()) {
      boolean found = result.reasons().stream()
          .anyMatch(r -> r.id().equals(reason) || r.policyId().equals(reason));
      if (!found) {
        failures.add("expected reason `" + reason + "`, got "
            + (result.reasons().isEmpty() ? "none" : result.reasons().stream().map(Reason::id).toList()));
      }
    }
    return failures;
  }

  private static boolean matches(Map<String, Object> expected, Map<String, Object> actual) {
    for (Map.Entry<String, Object> entry : expected.entrySet()) {
      Object value = actual.get(entry.getKey());
      if (value == null || !Values.equal(entry.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(AuthorizationResult result) {
    List<String> parts = new ArrayList<>();
    if (!result.reasons().isEmpty()) {
      parts.add("reasons: " + String.join(", ", result.reasons().stream().map(Reason::id).toList()));
    }
    if (!result.problems().isEmpty()) {
      parts.add("errors: " + String.join("; ", result.problems().stream().map(Object::toString).toList()));
    }
    return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
  }
}
