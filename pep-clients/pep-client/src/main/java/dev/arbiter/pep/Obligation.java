package dev.arbiter.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An obligation (or advice) of the PDP's answer: a named duty with JSON arguments, e.g. {@code
 * mask(fields: ["ssn"])} or {@code rate_limit(key: "bob", per_minute: 60)}. Integral numbers arrive
 * as {@code Long} whichever protocol carried them.
 *
 * @param name the obligation's name, as declared in the bundle's schema; not blank
 * @param arguments its arguments by name; {@code null} means none
 */
public record Obligation(String name, Map<String, Object> arguments) {
  public Obligation {
    JsonValues.requireText(name, "an obligation's name");
    arguments = JsonValues.object(arguments, name);
  }

  /** The argument {@code name}, if present and not null. */
  public Optional<Object> argument(String name) {
    return Optional.ofNullable(arguments.get(name));
  }

  /** The argument {@code name} if it is a string. */
  public Optional<String> stringArgument(String name) {
    return arguments.get(name) instanceof String text ? Optional.of(text) : Optional.empty();
  }

  /** The argument {@code name} if it is an integer. */
  public OptionalLong longArgument(String name) {
    return arguments.get(name) instanceof Long number ? OptionalLong.of(number) : OptionalLong.empty();
  }

  /**
   * The argument {@code name} if it is a list of strings (a {@code set<string>} in the schema);
   * empty if it is missing or holds anything else.
   */
  public Optional<List<String>> stringListArgument(String name) {
    if (!(arguments.get(name) instanceof List<?> items)) {
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof String text)) {
        return Optional.empty();
      }
      texts.add(text);
    }
    return Optional.of(List.copyOf(texts));
  }
}
