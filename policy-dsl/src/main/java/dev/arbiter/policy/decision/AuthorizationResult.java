package dev.arbiter.policy.decision;

import dev.arbiter.policy.ast.Decision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one request.
 *
 * @param decision PERMIT, DENY, NOT_APPLICABLE or INDETERMINATE; only PERMIT allows anything
 * @param obligations what the enforcement point must do along with the decision
 * @param advice what it may do
 * @param reasons the rules that decided, in policy order
 * @param problems errors met while evaluating
 * @param revision the bundle revision that decided
 * @param trace the steps taken, when asked for
 */
public record AuthorizationResult(
    Decision decision,
    List<Obligation> obligations,
    List<Obligation> advice,
    List<Reason> reasons,
    List<Problem> problems,
    String revision,
    Optional<Trace> trace) {

  public AuthorizationResult {
    Objects.requireNonNull(decision, "decision");
    obligations = List.copyOf(obligations);
    advice = List.copyOf(advice);
    reasons = List.copyOf(reasons);
    problems = List.copyOf(problems);
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(trace, "trace");
  }

  /** Whether the request is allowed: a permit, and nothing else is. */
  public boolean isPermit() {
    return decision == Decision.PERMIT;
  }
}
