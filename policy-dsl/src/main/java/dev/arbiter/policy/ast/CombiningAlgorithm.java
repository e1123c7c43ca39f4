package dev.arbiter.policy.ast;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How a policy combines its rules, or a policy set its members. */
public enum CombiningAlgorithm {
  /** Any deny wins; an indeterminate deny counts as a deny. The default. */
  DENY_OVERRIDES("deny-overrides"),
  /** Any permit wins; an indeterminate permit counts as a permit, never as an error-free permit. */
  PERMIT_OVERRIDES("permit-overrides"),
  /** The first member that applies decides. */
  FIRST_APPLICABLE("first-applicable"),
  /** Permit if any member permits, otherwise deny: never not-applicable or indeterminate. */
  DENY_UNLESS_PERMIT("deny-unless-permit"),
  /** Deny if any member denies, otherwise permit: never not-applicable or indeterminate. */
  PERMIT_UNLESS_DENY("permit-unless-deny"),
  /** Exactly one member may apply; two or more make the result indeterminate. */
  ONLY_ONE_APPLICABLE("only-one-applicable");

  private final String keyword;

  CombiningAlgorithm(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  public static Optional<CombiningAlgorithm> fromKeyword(String keyword) {
    return Arrays.stream(values()).filter(a -> a.keyword.equals(keyword)).findFirst();
  }

  public static List<String> keywords() {
    return Arrays.stream(values()).map(CombiningAlgorithm::keyword).toList();
  }
}
