package dev.arbiter.policy.diagnostic;

import java.util.Objects;

/**
 * One finding of a pipeline stage: a stable code, a severity, where, and what was expected.
 *
 * @param code the stable code; tests and tools match on it
 * @param severity error or warning; normally the code's default
 * @param location the file, line and column the message is about
 * @param message lowercase, no final period, user input in backticks
 */
public record Diagnostic(
    DiagnosticCode code, Severity severity, SourceLocation location, String message) {

  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  /** A diagnostic with the code's default severity. */
  public static Diagnostic of(DiagnosticCode code, SourceLocation location, String message) {
    return new Diagnostic(code, code.defaultSeverity(), location, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The one-line form {@code file:line:col: E012: message}. */
  @Override
  public String toString() {
    return location + ": " + code.id() + ": " + message;
  }
}
