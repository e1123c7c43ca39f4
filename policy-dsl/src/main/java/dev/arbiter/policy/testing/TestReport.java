package dev.arbiter.policy.testing;

import dev.arbiter.policy.check.CheckedTest;
import dev.arbiter.policy.decision.AuthorizationResult;
import java.util.List;
import java.util.Set;

/**
 * The outcome of a bundle's tests.
 *
 * @param results each test with what went wrong, if anything
 * @param rules every rule of the bundle ({@code policy/rule})
 * @param covered the rules that applied in at least one test
 */
public record TestReport(List<TestResult> results, List<String> rules, Set<String> covered) {
  public TestReport {
    results = List.copyOf(results);
    rules = List.copyOf(rules);
    covered = Set.copyOf(covered);
  }

  /** One test: passed when {@code failures} is empty. */
  public record TestResult(CheckedTest test, AuthorizationResult result, List<String> failures) {
    public TestResult {
      failures = List.copyOf(failures);
    }

    public boolean passed() {
      return failures.isEmpty();
    }
  }

  public long passed() {
    return results.stream().filter(TestResult::passed).count();
  }

  public long failed() {
    return results.size() - passed();
  }

  /** The rules no test made apply, in bundle order. */
  public List<String> uncovered() {
    return rules.stream().filter(rule -> !covered.contains(rule)).toList();
  }

  /** Covered rules as a percentage, 100 for a bundle without rules. */
  public double coveragePercent() {
    return rules.isEmpty() ? 100 : 100.0 * covered.size() / rules.size();
  }
}
