package dev.arbiter.policy.ast;

/**
 * Obligations must be fulfilled by the enforcement point or the decision fails closed; advice may be
 * ignored.
 */
public enum DirectiveKind {
  OBLIGATION,
  ADVICE;

  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
