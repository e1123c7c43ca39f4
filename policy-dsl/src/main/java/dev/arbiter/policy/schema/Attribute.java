package dev.arbiter.policy.schema;

import java.util.Objects;

/** An attribute of a record or entity type, or a parameter of an obligation. */
public record Attribute(String name, Type type, boolean optional) {
  public Attribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public String toString() {
    return name + (optional ? "?" : "") + ": " + type;
  }
}
