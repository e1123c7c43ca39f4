package dev.arbiter.pep;

import java.util.Map;

/**
 * What is acted on: AuthZEN's resource, e.g. {@code {type: "tool", id: "read_file"}}. Properties
 * are JSON values (see {@link AccessRequest}); the PDP adds the attributes its own data holds.
 *
 * @param type the kind of resource; not blank
 * @param id the resource's identifier; not blank
 * @param properties attributes the policies may read; {@code null} means none
 */
public record Resource(String type, String id, Map<String, Object> properties) {
  /**
   * Validates and copies the components.
   *
   * @throws IllegalArgumentException if {@code type} or {@code id} is blank or a property is not a JSON value
   */
  public Resource {
    JsonValues.requireText(type, "resource.type");
    JsonValues.requireText(id, "resource.id");
    properties = JsonValues.object(properties, "resource.properties");
  }

  /** A resource without properties. */
  public static Resource of(String type, String id) {
    return new Resource(type, id, Map.of());
  }

  /** This resource with {@code properties} instead of its own. */
  public Resource withProperties(Map<String, ?> properties) {
    return new Resource(type, id, JsonValues.object(properties, "resource.properties"));
  }
}
