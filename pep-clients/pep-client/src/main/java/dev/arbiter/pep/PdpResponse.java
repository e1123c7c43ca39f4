package dev.arbiter.pep;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The PDP's answer to one request, as it arrived over either protocol.
 *
 * @param outcome the PDP's verdict
 * @param obligations what the enforcement point must do along with a permit
 * @param advice what it may do
 * @param reasons the rules that decided
 * @param errors errors the PDP met while evaluating ({@code policy/rule: message})
 * @param revision the policy revision that decided; empty if the PDP did not say
 * @param decisionId the PDP's id for this decision; empty if it did not say
 * @param ttl how long the answer may be reused; zero means not at all
 */
public record PdpResponse(PdpOutcome outcome, List<Obligation> obligations, List<Obligation> advice,
    List<Reason> reasons, List<String> errors, String revision, String decisionId, Duration ttl) {
  public PdpResponse {
    Objects.requireNonNull(outcome, "outcome");
    obligations = List.copyOf(obligations);
    advice = List.copyOf(advice);
    reasons = List.copyOf(reasons);
    errors = List.copyOf(errors);
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("a time to live is not negative: " + ttl);
    }
  }

  /** True if the PDP permitted. */
  public boolean permitted() {
    return outcome == PdpOutcome.PERMIT;
  }
}
