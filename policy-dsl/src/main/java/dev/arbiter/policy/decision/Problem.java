package dev.arbiter.policy.decision;

import java.util.Objects;

/**
 * An error met while evaluating: where (policy, and rule when inside one) and what. The element it
 * happened in became indeterminate; it never made anything a permit.
 */
public record Problem(String policyId, String ruleId, String message) {
  public Problem {
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return (ruleId == null ? policyId : policyId + "/" + ruleId) + ": " + message;
  }
}
