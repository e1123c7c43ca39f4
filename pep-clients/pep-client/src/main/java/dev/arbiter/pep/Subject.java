package dev.arbiter.pep;

import java.util.Map;

/**
 * Who asks: AuthZEN's subject, e.g. {@code {type: "identity", id: "bob"}} for a person behind a
 * token. Properties are JSON values (see {@link AccessRequest}); they are copied, so later changes
 * to the given map do not reach the request.
 *
 * @param type the kind of subject; not blank
 * @param id the subject's identifier; not blank
 * @param properties attributes the policies may read; {@code null} means none
 */
public record Subject(String type, String id, Map<String, Object> properties) {
  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if {@code type} or {@code id} is blank or a property is not a JSON value
   */
  public Subject {
    JsonValues.requireText(type, "subject.type");
    JsonValues.requireText(id, "subject.id");
    properties = JsonValues.object(properties, "subject.properties");
  }

  /** A subject without properties. */
  public static Subject of(String type, String id) {
    return new Subject(type, id, Map.of());
  }

  /** This subject with {@code properties} instead of its own. */
  public Subject withProperties(Map<String, ?> properties) {
    return new Subject(type, id, JsonValues.object(properties, "subject.properties"));
  }
}
