package dev.arbiter.policy.diagnostic;

/** How bad a diagnostic is: an error stops a bundle from being compiled, a warning does not. */
public enum Severity {
  ERROR,
  WARNING;

  /** The lowercase name used in human and JSON output. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
