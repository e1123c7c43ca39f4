package dev.arbiter.policy.data;

import dev.arbiter.policy.value.EntityUid;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The entities of a bundle by uid. Immutable and thread-safe. */
public final class EntityStore {
  private static final EntityStore EMPTY = new EntityStore(Map.of());

  private final Map<EntityUid, Entity> entities;

  EntityStore(Map<EntityUid, Entity> entities) {
    this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
  }

  public static EntityStore empty() {
    return EMPTY;
  }

  public Optional<Entity> get(EntityUid uid) {
    return Optional.ofNullable(entities.get(uid));
  }

  /** The entity, or {@code null}: for the evaluator's hot path, which must not allocate. */
  public Entity getOrNull(EntityUid uid) {
    return entities.get(uid);
  }

  public boolean contains(EntityUid uid) {
    return entities.containsKey(uid);
  }

  /** Whether {@code descendant} is {@code ancestor} or reaches it through parents. */
  public boolean isDescendant(EntityUid descendant, EntityUid ancestor) {
    if (descendant.equals(ancestor)) {
      return true;
    }
    Entity entity = entities.get(descendant);
    return entity != null && entity.ancestors().contains(ancestor);
  }

  public Collection<Entity> all() {
    return entities.values();
  }

  public int size() {
    return entities.size();
  }
}
