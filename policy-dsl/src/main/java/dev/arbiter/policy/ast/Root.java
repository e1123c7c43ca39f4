package dev.arbiter.policy.ast;

/** The roots every expression starts from. */
public enum Root {
  SUBJECT,
  ACTION,
  RESOURCE,
  CONTEXT,
  DATA;

  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
