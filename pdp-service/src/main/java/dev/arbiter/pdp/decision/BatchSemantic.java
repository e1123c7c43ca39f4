package dev.arbiter.pdp.decision;

import java.util.Optional;

/** AuthZEN's {@code options.evaluations_semantic}: when a batch may stop early. */
public enum BatchSemantic {
  EXECUTE_ALL("execute_all"),
  DENY_ON_FIRST_DENY("deny_on_first_deny"),
  PERMIT_ON_FIRST_PERMIT("permit_on_first_permit");

  private final String keyword;

  BatchSemantic(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  public static Optional<BatchSemantic> of(String keyword) {
    for (BatchSemantic semantic : values()) {
      if (semantic.keyword.equals(keyword)) {
        return Optional.of(semantic);
      }
    }
    return Optional.empty();
  }

  /** Whether the batch ends after this item; anything but a permit counts as a deny. */
  boolean stopsAt(Outcome outcome) {
    boolean permitted = outcome instanceof Outcome.Decided decided && decided.permitted();
    return switch (this) {
      case EXECUTE_ALL -> false;
      case DENY_ON_FIRST_DENY -> !permitted;
      case PERMIT_ON_FIRST_PERMIT -> permitted;
    };
  }
}
