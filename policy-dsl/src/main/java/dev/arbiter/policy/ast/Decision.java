package dev.arbiter.policy.ast;

import java.util.Arrays;
import java.util.Optional;

/** The four outcomes of an evaluation. Only {@link #PERMIT} allows anything. */
public enum Decision {
  PERMIT("permit"),
  DENY("deny"),
  NOT_APPLICABLE("not_applicable"),
  INDETERMINATE("indeterminate");

  private final String keyword;

  Decision(String keyword) {
    this.keyword = keyword;
  }

  /** The word tests write after {@code expect}. */
  public String keyword() {
    return keyword;
  }

  public static Optional<Decision> fromKeyword(String keyword) {
    return Arrays.stream(values()).filter(d -> d.keyword.equals(keyword)).findFirst();
  }
}
