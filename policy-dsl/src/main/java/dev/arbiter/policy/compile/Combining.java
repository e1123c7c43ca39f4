package dev.arbiter.policy.compile;

import static dev.arbiter.policy.compile.Outcome.DENY;
import static dev.arbiter.policy.compile.Outcome.INDETERMINATE_D;
import static dev.arbiter.policy.compile.Outcome.INDETERMINATE_DP;
import static dev.arbiter.policy.compile.Outcome.INDETERMINATE_P;
import static dev.arbiter.policy.compile.Outcome.NOT_APPLICABLE;
import static dev.arbiter.policy.compile.Outcome.PERMIT;

import dev.arbiter.policy.ast.CombiningAlgorithm;

/**
 * The six combining algorithms as a fold over member outcomes, kept in an int so combining
 * allocates nothing. Feed outcomes with {@link #add} while {@link #done} is false, then read {@link
 * #result}. No algorithm turns an indeterminate into a permit.
 */
final class Combining {
  private static final int SEEN_PERMIT = 1;
  private static final int SEEN_DENY = 1 << 1;
  private static final int SEEN_INDETERMINATE_P = 1 << 2;
  private static final int SEEN_INDETERMINATE_D = 1 << 3;
  private static final int SEEN_INDETERMINATE_DP = 1 << 4;
  private static final int SEEN_ANY_INDETERMINATE = SEEN_INDETERMINATE_P | SEEN_INDETERMINATE_D | SEEN_INDETERMINATE_DP;
  /** Bits 8..11: the first applicable outcome, plus one (0 = none yet). */
  private static final int FIRST_SHIFT = 8;
  /** Bits 12..: how many members applied. */
  private static final int COUNT_SHIFT = 12;

  private Combining() {}

  static int add(int state, int outcome) {
    if (outcome == NOT_APPLICABLE) {
      return state;
    }
    int seen = switch (outcome) {
      case PERMIT -> SEEN_PERMIT;
      case DENY -> SEEN_DENY;
      case INDETERMINATE_P -> SEEN_INDETERMINATE_P;
      case INDETERMINATE_D -> SEEN_INDETERMINATE_D;
      default -> SEEN_INDETERMINATE_DP;
    };
    if (((state >> FIRST_SHIFT) & 0xF) == 0) {
      state |= (outcome + 1) << FIRST_SHIFT;
    }
    return (state | seen) + (1 << COUNT_SHIFT);
  }

  /** Whether the outcome is settled, so the remaining members need not be evaluated. */
  static boolean done(CombiningAlgorithm algorithm, int state) {
    return switch (algorithm) {
      // an indeterminate that may deny settles deny-overrides as much as a deny does
      case DENY_OVERRIDES -> (state & (SEEN_DENY | SEEN_INDETERMINATE_D | SEEN_INDETERMINATE_DP)) != 0;
      case PERMIT_OVERRIDES, DENY_UNLESS_PERMIT -> (state & SEEN_PERMIT) != 0;
      case FIRST_APPLICABLE -> count(state) > 0;
      case PERMIT_UNLESS_DENY -> (state & (SEEN_DENY | SEEN_ANY_INDETERMINATE)) != 0;
      case ONLY_ONE_APPLICABLE -> count(state) > 1 || (state & SEEN_ANY_INDETERMINATE) != 0;
    };
  }

  static int result(CombiningAlgorithm algorithm, int state) {
    boolean permit = (state & SEEN_PERMIT) != 0;
    boolean deny = (state & SEEN_DENY) != 0;
    boolean indeterminateP = (state & SEEN_INDETERMINATE_P) != 0;
    boolean indeterminateD = (state & SEEN_INDETERMINATE_D) != 0;
    boolean indeterminateDP = (state & SEEN_INDETERMINATE_DP) != 0;
    boolean anyIndeterminate = (state & SEEN_ANY_INDETERMINATE) != 0;
    return switch (algorithm) {
      case DENY_OVERRIDES -> {
        if (deny || indeterminateD || indeterminateDP) {
          yield DENY;
        }
        yield permit ? PERMIT : indeterminateP ? INDETERMINATE_P : NOT_APPLICABLE;
      }
      case PERMIT_OVERRIDES -> {
        if (permit) {
          yield PERMIT;
        }
        if (indeterminateP || indeterminateDP) {
          yield deny || indeterminateD || indeterminateDP ? INDETERMINATE_DP : INDETERMINATE_P;
        }
        yield deny ? DENY : indeterminateD ? INDETERMINATE_D : NOT_APPLICABLE;
      }
      case FIRST_APPLICABLE -> first(state);
      case DENY_UNLESS_PERMIT -> permit ? PERMIT : DENY;
      case PERMIT_UNLESS_DENY -> deny || anyIndeterminate ? DENY : PERMIT;
      case ONLY_ONE_APPLICABLE -> {
        if (anyIndeterminate || count(state) > 1) {
          yield count(state) > 1 ? INDETERMINATE_DP : first(state);
        }
        yield count(state) == 1 ? first(state) : NOT_APPLICABLE;
      }
    };
  }

  /** Whether only-one-applicable found more than one applicable member. */
  static boolean conflict(CombiningAlgorithm algorithm, int state) {
    return algorithm == CombiningAlgorithm.ONLY_ONE_APPLICABLE && count(state) > 1;
  }

  private static int first(int state) {
    int encoded = (state >> FIRST_SHIFT) & 0xF;
    return encoded == 0 ? NOT_APPLICABLE : encoded - 1;
  }

  private static int count(int state) {
    return state >>> COUNT_SHIFT;
  }
}
