package dev.arbiter.policy.decision;

import dev.arbiter.policy.value.Values;
import java.util.Map;
import java.util.Objects;

/**
 * An obligation or advice in a result: its name and the values of its arguments, computed from the
 * request. An enforcement point must fulfil every obligation of a permit or deny the call.
 */
public record Obligation(String name, Map<String, Object> arguments) {
  public Obligation {
    Objects.requireNonNull(name, "name");
    arguments = Values.record(arguments);
  }

  /** As policies write it: {@code mask(fields: ["ssn"])}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name).append('(');
    arguments.forEach((key, value) -> out.append(out.charAt(out.length() - 1) == '(' ? "" : ", ")
        .append(key).append(": ").append(Values.render(value)));
    return out.append(')').toString();
  }
}
