package dev.arbiter.policy.ast;

/** What a rule says when it applies. */
public enum Effect {
  PERMIT,
  DENY;

  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
