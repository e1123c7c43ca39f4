package dev.arbiter.policy.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.policy.value.EvaluationError;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One row of a table of built-in calls: a function, its arguments and what it must return, or
 * {@link #ERROR} when it must fail with an {@link EvaluationError}.
 */
record BuiltinCalls(String function, Object[] arguments, Object expected) {
  /** The expectation of a call that must fail with an evaluation error. */
  static final Object ERROR = new Object() {
    @Override
    public String toString() {
      return "an evaluation error";
    }
  };

  static BuiltinCalls call(String function, Object... arguments) {
    return new BuiltinCalls(function, arguments, null);
  }

  BuiltinCalls returns(Object value) {
    return new BuiltinCalls(function, arguments, value);
  }

  BuiltinCalls fails() {
    return new BuiltinCalls(function, arguments, ERROR);
  }

  /** Runs the call and checks its outcome; any failure but an evaluation error is a bug. */
  void verify() {
    if (expected == ERROR) {
      assertThatThrownBy(this::apply).isInstanceOf(EvaluationError.class);
    } else {
      assertThat(apply()).isEqualTo(expected);
    }
  }

  /** Runs the function the way the evaluator does. */
  Object apply() {
    return apply(function, arguments);
  }

  static Object apply(String function, Object... arguments) {
    return Builtins.lookup(function).orElseThrow(() -> new AssertionError("no built-in " + function))
        .implementation().apply(arguments);
  }

  /** Shown as the name of a parameterized test. */
  @Override
  public String toString() {
    String shownArguments = Arrays.stream(arguments).map(BuiltinCalls::show).collect(Collectors.joining(", "));
    return function + "(" + shownArguments + ") → " + show(expected);
  }

  static String show(Object value) {
    if (value instanceof String text) {
      StringBuilder out = new StringBuilder("\"");
      text.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : Character.toString(c)));
      return out.append('"').toString();
    }
    String shown = String.valueOf(value);
    return shown.length() > 80 ? shown.substring(0, 77) + "..." : shown;
  }
}
