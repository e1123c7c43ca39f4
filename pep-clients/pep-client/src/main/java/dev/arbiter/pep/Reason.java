package dev.arbiter.pep;

import java.util.Map;
import java.util.Objects;

/**
 * A rule that decided, as the PDP reports it: for logs and explanations, not for enforcement.
 *
 * @param policy the policy's id
 * @param rule the rule's id within it
 * @param effect {@code permit} or {@code deny}
 * @param annotations the rule's and policy's annotations (description, severity, …)
 */
public record Reason(String policy, String rule, String effect, Map<String, String> annotations) {
  public Reason {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(effect, "effect");
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
