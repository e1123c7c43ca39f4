package dev.arbiter.pep;

import java.util.Map;

/**
 * What the subject wants to do: AuthZEN's action, e.g. {@code {name: "tools/call"}}.
 *
 * @param name the action's name; not blank
 * @param properties attributes the policies may read; {@code null} means none
 */
public record Action(String name, Map<String, Object> properties) {
  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if {@code name} is blank or a property is not a JSON value
   */
  public Action {
    JsonValues.requireText(name, "action.name");
    properties = JsonValues.object(properties, "action.properties");
  }

  /** An action without properties. */
  public static Action of(String name) {
    return new Action(name, Map.of());
  }
}
