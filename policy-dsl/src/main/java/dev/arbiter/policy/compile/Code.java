package dev.arbiter.policy.compile;

import dev.arbiter.policy.value.EvaluationError;
import dev.arbiter.policy.value.Values;

/**
 * A compiled expression. Immutable and shared across threads; all per-evaluation state is in the
 * {@link Frame}. Errors are {@link EvaluationError}s.
 */
abstract class Code {
  /** The value. */
  abstract Object eval(Frame frame);

  /** The value of a boolean expression, without boxing where a node can avoid it. */
  boolean test(Frame frame) {
    Object value = eval(frame);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new EvaluationError("expected a bool, found " + Values.typeName(value));
  }

  /** Whether this node is a constant (folded at compile time). */
  boolean isConstant() {
    return false;
  }

  /** A short description for traces and the DOT view. */
  abstract String describe();

  @Override
  public String toString() {
    return describe();
  }
}
