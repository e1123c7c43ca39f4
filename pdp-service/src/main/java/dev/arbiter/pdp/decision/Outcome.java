package dev.arbiter.pdp.decision;

import dev.arbiter.policy.decision.AuthorizationResult;
import java.time.Duration;
import java.util.List;

/** What deciding one request gave. */
public sealed interface Outcome {

  /**
   * A decision.
   *
   * @param result the engine's answer
   * @param decisionId unique per decision, for audit correlation
   * @param ttl how long an enforcement point may reuse it
   */
  record Decided(AuthorizationResult result, String decisionId, Duration ttl) implements Outcome {
    public boolean permitted() {
      return result.isPermit();
    }
  }

  /** The request is not one the active bundle can decide; every reason, for the caller. */
  record Rejected(List<String> problems) implements Outcome {
    public Rejected {
      problems = List.copyOf(problems);
    }

    public String message() {
      return String.join("; ", problems);
    }
  }

  /** No bundle revision is active yet: nothing can be permitted. */
  record Unavailable(String message) implements Outcome {}
}
