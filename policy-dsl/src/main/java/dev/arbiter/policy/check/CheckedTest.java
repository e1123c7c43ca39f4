package dev.arbiter.policy.check;

import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.ast.DirectiveKind;
import dev.arbiter.policy.ast.TestCase;
import dev.arbiter.policy.request.Request;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy test whose request has been checked against the schema and evaluated to values.
 *
 * @param name the test's name, unique in its bundle
 * @param source the test as written
 * @param request the request it sends
 * @param expected the decision it expects
 * @param directives obligations and advice the response must carry
 * @param reasons policy or {@code policy/rule} ids that must be among the reasons
 */
public record CheckedTest(
    String name,
    TestCase source,
    Request request,
    Decision expected,
    List<ExpectedDirective> directives,
    List<String> reasons) {

  public CheckedTest {
    directives = List.copyOf(directives);
    reasons = List.copyOf(reasons);
  }

  /** An obligation or advice a test expects; when arguments are given, each must be present and equal. */
  public record ExpectedDirective(DirectiveKind kind, String name, Optional<Map<String, Object>> arguments) {}
}
