package dev.arbiter.policy.decision;

import dev.arbiter.policy.ast.Effect;
import java.util.Map;
import java.util.Objects;

/**
 * A rule that contributed to the decision.
 *
 * @param policyId the id of its policy
 * @param ruleId its id, or its 1-based position when it has none
 * @param effect what it said
 * @param annotations the annotations of the rule and its policy ({@code description}, {@code
 *     severity}, …), the rule's winning where both have one
 */
public record Reason(String policyId, String ruleId, Effect effect, Map<String, String> annotations) {
  public Reason {
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(effect, "effect");
    annotations = Map.copyOf(annotations);
  }

  /** {@code policy/rule}, the form tests and logs use. */
  public String id() {
    return policyId + "/" + ruleId;
  }

  @Override
  public String toString() {
    return id();
  }
}
