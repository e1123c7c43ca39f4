package dev.arbiter.policy.schema;

import dev.arbiter.policy.ast.EntityRole;
import java.util.Set;

/**
 * An entity type of the schema.
 *
 * @param name the type's name, as in {@code resource.type == "tool"}
 * @param roles the request roles it may play; empty for types that only appear in data
 * @param attributes its attributes
 * @param parentTypes the types its parents in data may have
 */
public record EntityTypeInfo(
    String name, Set<EntityRole> roles, Type.RecordType attributes, Set<String> parentTypes) {
  public EntityTypeInfo {
    roles = Set.copyOf(roles);
    parentTypes = Set.copyOf(parentTypes);
  }
}
