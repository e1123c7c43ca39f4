package dev.arbiter.policy.data;

import dev.arbiter.policy.value.EntityUid;
import dev.arbiter.policy.value.Values;
import java.util.Map;
import java.util.Set;

/**
 * An entity of the bundle's data.
 *
 * @param uid its type and id
 * @param attributes its attributes, typed by the schema
 * @param parents its direct parents
 * @param ancestors every entity reachable through parents, precomputed
 */
public record Entity(
    EntityUid uid, Map<String, Object> attributes, Set<EntityUid> parents, Set<EntityUid> ancestors) {
  public Entity {
    attributes = Values.record(attributes);
    parents = Set.copyOf(parents);
    ancestors = Set.copyOf(ancestors);
  }
}
