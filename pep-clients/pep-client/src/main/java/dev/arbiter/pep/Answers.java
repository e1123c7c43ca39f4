package dev.arbiter.pep;

import java.time.Duration;
import java.util.List;

/**
 * Builds a {@link PdpResponse} from the fields either protocol carries, refusing an answer that
 * contradicts itself: an unknown outcome, a {@code decision} that disagrees with the outcome, a
 * negative time to live.
 */
final class Answers {
  private Answers() {}

  /**
   * @param outcome the PDP's outcome keyword, or null if the answer has none (a bare AuthZEN
   *     answer): then {@code decision} alone decides, and the answer is not reusable
   */
  static PdpResponse response(boolean decision, String outcome, List<Obligation> obligations, List<Obligation> advice,
      List<Reason> reasons, List<String> errors, String revision, String decisionId, long ttlMillis)
      throws CallFailure {
    PdpOutcome verdict = outcome == null ? (decision ? PdpOutcome.PERMIT : PdpOutcome.DENY) : outcome(outcome);
    if (decision != (verdict == PdpOutcome.PERMIT)) {
      throw CallFailure.malformed("decision " + decision + " with outcome " + outcome);
    }
    if (ttlMillis < 0) {
      throw CallFailure.malformed("a negative time to live, " + ttlMillis + " ms");
    }
    return new PdpResponse(verdict, obligations, advice, reasons, errors, revision, decisionId,
        Duration.ofMillis(ttlMillis));
  }

  private static PdpOutcome outcome(String keyword) throws CallFailure {
    return switch (keyword) {
      case "permit" -> PdpOutcome.PERMIT;
      case "deny" -> PdpOutcome.DENY;
      case "not_applicable" -> PdpOutcome.NOT_APPLICABLE;
      case "indeterminate" -> PdpOutcome.INDETERMINATE;
      default -> throw CallFailure.malformed("an unknown outcome `" + keyword + "`");
    };
  }
}
