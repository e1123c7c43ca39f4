package dev.arbiter.policy.parse;

import dev.arbiter.policy.ast.Span;
import dev.arbiter.policy.diagnostic.Diagnostic;
import dev.arbiter.policy.diagnostic.DiagnosticCode;

/**
 * Ends a parse at the first problem. Internal control flow only: {@link PolicyParser} turns it into
 * a diagnostic, and it never leaves this package.
 */
final class ParseFailure extends RuntimeException {
  private final transient Diagnostic diagnostic;

  ParseFailure(Diagnostic diagnostic) {
    super(diagnostic.message(), null, false, false);
    this.diagnostic = diagnostic;
  }

  ParseFailure(DiagnosticCode code, Span span, String message) {
    this(Diagnostic.of(code, span.location(), message));
  }

  Diagnostic diagnostic() {
    return diagnostic;
  }
}
