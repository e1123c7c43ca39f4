package dev.arbiter.policy.stdlib;

import dev.arbiter.policy.schema.Type;
import java.util.List;
import java.util.Set;

/**
 * A built-in function.
 *
 * @param name the name it is called by
 * @param usage how it is called, for messages: {@code startsWith(string, prefix: string) -> bool}
 * @param minArity the fewest arguments (the receiver of a method call counts)
 * @param maxArity the most arguments
 * @param literalArguments positions that must be literals, checked and prepared once (a regex, a
 *     time zone)
 * @param typing the result type for given argument types, reporting mismatches
 * @param implementation the function itself
 */
public record Builtin(
    String name,
    String usage,
    int minArity,
    int maxArity,
    Set<Integer> literalArguments,
    Typing typing,
    Implementation implementation) {

  /** Types a call; reports each problem and answers {@link Type.Special#ERROR} when there was one. */
  @FunctionalInterface
  public interface Typing {
    Type resultType(List<Type> arguments, Problems problems);
  }

  /** Where a typing rule reports what is wrong with a call. */
  public interface Problems {
    /** The argument at {@code index} (0-based; the receiver of a method call is 0) is wrong. */
    void argument(int index, String message);
  }

  /** Runs the function on run-time values; throws {@link dev.arbiter.policy.value.EvaluationError}. */
  @FunctionalInterface
  public interface Implementation {
    Object apply(Object[] arguments);
  }
}
