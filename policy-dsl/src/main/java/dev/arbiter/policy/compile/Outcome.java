package dev.arbiter.policy.compile;

import dev.arbiter.policy.ast.Decision;
import dev.arbiter.policy.ast.Effect;

/**
 * The outcome of a rule, policy or policy set as a small int, so combining allocates nothing. An
 * indeterminate remembers which effects it could have had (XACML's Indeterminate{P}, {D}, {DP}).
 */
final class Outcome {
  static final int NOT_APPLICABLE = 0;
  static final int PERMIT = 1;
  static final int DENY = 2;
  static final int INDETERMINATE_P = 3;
  static final int INDETERMINATE_D = 4;
  static final int INDETERMINATE_DP = 5;

  private Outcome() {}

  static int of(Effect effect) {
    return effect == Effect.PERMIT ? PERMIT : DENY;
  }

  static int indeterminate(Effect effect) {
    return effect == Effect.PERMIT ? INDETERMINATE_P : INDETERMINATE_D;
  }

  static boolean isIndeterminate(int outcome) {
    return outcome >= INDETERMINATE_P;
  }

  /** Whether the outcome could have been a deny had nothing failed. */
  static boolean mayDeny(int outcome) {
    return outcome == INDETERMINATE_D || outcome == INDETERMINATE_DP;
  }

  static boolean mayPermit(int outcome) {
    return outcome == INDETERMINATE_P || outcome == INDETERMINATE_DP;
  }

  /** The indeterminate that covers both. */
  static int joinIndeterminate(int a, int b) {
    if (a == NOT_APPLICABLE || a == b) {
      return b;
    }
    return INDETERMINATE_DP;
  }

  /** A contribution's effect agrees with an element's outcome: see {@link Frame#keepAgreeing}. */
  static boolean agrees(int outcome, byte effect) {
    return switch (outcome) {
      case PERMIT -> effect == PERMIT;
      case DENY -> effect == DENY || effect == INDETERMINATE_D || effect == INDETERMINATE_DP;
      case NOT_APPLICABLE -> false;
      default -> isIndeterminate(effect);
    };
  }

  static Decision decision(int outcome) {
    return switch (outcome) {
      case PERMIT -> Decision.PERMIT;
      case DENY -> Decision.DENY;
      case NOT_APPLICABLE -> Decision.NOT_APPLICABLE;
      default -> Decision.INDETERMINATE;
    };
  }

  static String name(int outcome) {
    return switch (outcome) {
      case PERMIT -> "permit";
      case DENY -> "deny";
      case NOT_APPLICABLE -> "not applicable";
      case INDETERMINATE_P -> "indeterminate (permit)";
      case INDETERMINATE_D -> "indeterminate (deny)";
      default -> "indeterminate (permit or deny)";
    };
  }
}
