package dev.arbiter.policy.value;

/**
 * A run-time error inside an expression: a missing attribute, a value of the wrong type, an
 * overflow, an unparsable argument. It makes the enclosing rule indeterminate, never a permit.
 * Carries no stack trace: it is an expected outcome, not a bug.
 */
public final class EvaluationError extends RuntimeException {
  public EvaluationError(String message) {
    super(message, null, false, false);
  }
}
